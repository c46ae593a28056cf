import { ActionTypes, ActivityTypes, MessageFactory, TextFormatTypes, type Activity, type CardAction } from 'botbuilder';
import type { Lang } from '../../src/core/language.js';
import type { ChannelCapabilities, ChoiceOption, Content } from '../../src/core/message.js';
import { render, splitText } from '../../src/conversation/render.js';

/**
 * What the Bot Framework channels show. Markdown is the Bot Framework's default text format and
 * Teams, Web Chat and the Emulator all render our subset of it.
 */
export const BOTFRAMEWORK_CAPABILITIES: ChannelCapabilities = { buttons: true, markdown: 'markdown', maxText: 4000, maxButtons: 8 };

/** Teams shows only the first three suggested actions; a longer choice becomes a numbered list. */
const TEAMS_CAPABILITIES: ChannelCapabilities = { ...BOTFRAMEWORK_CAPABILITIES, maxButtons: 3 };

/**
 * Channels whose clients send a messageBack's value to the bot without showing it. Elsewhere
 * (Teams allows only imBack in suggested actions; other Azure channels vary) a button sends its
 * label as the user's words, which the pipeline matches against the pending choice.
 */
const MESSAGE_BACK_CHANNELS = new Set(['directline', 'directlinespeech', 'webchat', 'emulator', 'test']);

export function capabilitiesFor(channelId: string): ChannelCapabilities {
  return channelId === 'msteams' ? TEAMS_CAPABILITIES : BOTFRAMEWORK_CAPABILITIES;
}

function actionsFor(options: ChoiceOption[], channelId: string): CardAction[] {
  if (MESSAGE_BACK_CHANNELS.has(channelId)) {
    return options.map((o) => ({ type: ActionTypes.MessageBack, title: o.label, text: o.label, displayText: o.label, value: { postback: o.value } }));
  }
  return options.map((o) => ({ type: ActionTypes.ImBack, title: o.label, value: o.label }));
}

/** One reply as Bot Framework activities: long text split, a choice's buttons on the last part. */
export function toActivities(content: Content, lang: Lang, channelId: string): Partial<Activity>[] {
  const caps = capabilitiesFor(channelId);
  const rendered = render(content, caps);
  const parts = splitText(rendered.text, caps.maxText);
  return parts.map((text, i) => {
    // MessageFactory leaves out suggestedActions.to, which some clients read as "show to nobody" when empty.
    const base: Partial<Activity> =
      rendered.buttons && i === parts.length - 1 ? MessageFactory.suggestedActions(actionsFor(rendered.buttons, channelId), text) : { type: ActivityTypes.Message, text };
    return { ...base, textFormat: TextFormatTypes.Markdown, locale: lang };
  });
}
