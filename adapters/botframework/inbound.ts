import { randomUUID } from 'node:crypto';
import { ActivityTypes, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Address, Content, InboundMessage } from '../../src/core/message.js';

/** A Bot Framework activity in the core's terms, or why it is not for the pipeline. */
export type Converted = { inbound: InboundMessage; greeting: boolean } | { dropped: string };

/**
 * Conversation and user ids are unique only within one channel (msteams, directline, emulator),
 * so the channel id is part of both.
 */
export function addressOf(activity: Activity, user: string): Address {
  return {
    channel: 'botframework',
    thread: `${activity.channelId}:${activity.conversation.id}`,
    user: `${activity.channelId}:${user}`,
    ref: referenceOf(activity),
  };
}

/**
 * What a proactive message needs later (staff replies, announcements), and nothing more: names
 * and directory ids of people are left out of what we store.
 */
export function referenceOf(activity: Activity): ConversationReference {
  const full = TurnContext.getConversationReference(activity);
  const c = activity.conversation;
  return {
    ...(full.activityId ? { activityId: full.activityId } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    bot: { id: activity.recipient.id, name: activity.recipient.name ?? '' },
    user: { id: activity.from.id, name: '' },
    conversation: {
      id: c.id,
      isGroup: c.isGroup ?? false,
      conversationType: c.conversationType ?? '',
      name: '',
      ...(c.tenantId ? { tenantId: c.tenantId } : {}),
    },
  };
}

/** The activity's language: its locale, or the Teams client's (sent as a clientInfo entity). */
export function localeOf(activity: Activity): string | undefined {
  if (activity.locale) return activity.locale;
  for (const e of activity.entities ?? []) {
    const locale: unknown = (e as { locale?: unknown }).locale;
    if (e.type === 'clientInfo' && typeof locale === 'string') return locale;
  }
  return undefined;
}

/** The value our suggested actions carry back (messageBack), when it is one of ours. */
function postbackOf(activity: Activity): string | null {
  const value: unknown = activity.value;
  if (typeof value !== 'object' || value === null) return null;
  const postback: unknown = (value as { postback?: unknown }).postback;
  return typeof postback === 'string' && postback.length > 0 && postback.length <= 200 ? postback : null;
}

/**
 * A message becomes text (the bot's @mention removed) or a button press; a conversationUpdate
 * that adds someone to a one-to-one conversation becomes one "start" (the greeting).
 */
export function convert(activity: Activity): Converted {
  if (!activity.conversation?.id || !activity.from?.id || !activity.recipient?.id || !activity.channelId) return { dropped: 'incomplete activity' };
  if (activity.from.id === activity.recipient.id) return { dropped: 'own echo' };
  const locale = localeOf(activity);
  const at = activity.timestamp ? new Date(activity.timestamp) : new Date();
  const base = { locale, at: Number.isNaN(at.getTime()) ? new Date() : at };
  if (activity.type === ActivityTypes.Message) {
    const postback = postbackOf(activity);
    const content: Content = postback !== null ? { type: 'postback', value: postback } : { type: 'text', text: TurnContext.removeRecipientMention(activity) ?? '' };
    // The same conversation-scoped id may come from two channels; the thread keeps them apart.
    const id = `${activity.channelId}:${activity.conversation.id}:${activity.id ?? randomUUID()}`;
    return { inbound: { id, address: addressOf(activity, activity.from.id), content, ...base }, greeting: false };
  }
  if (activity.type === ActivityTypes.ConversationUpdate) {
    // In a group chat or a Teams channel a greeting would go to everyone each time someone joins.
    if (activity.conversation.isGroup) return { dropped: 'group conversation update' };
    const added = activity.membersAdded ?? [];
    const person = added.find((m) => m.id !== activity.recipient.id) ?? (added.some((m) => m.id === activity.recipient.id) ? activity.from : undefined);
    if (!person) return { dropped: 'no member added' };
    const address = addressOf(activity, person.id);
    return { inbound: { id: `welcome:${address.thread}`, address, content: { type: 'postback', value: 'start' }, ...base }, greeting: true };
  }
  return { dropped: `activity type ${activity.type}` };
}
