import { AppError } from '../../src/core/errors.js';
import type { Lang } from '../../src/core/language.js';
import type { InboundMessage } from '../../src/core/message.js';
import type { TurnOutcome } from '../../src/conversation/pipeline.js';
import { webchatGuards, type WebchatContext } from './context.js';
import { conversationId, recentItems } from './transcript-view.js';
import { publishToVisitor } from './webchat-channel.js';

/** Enough of the transcript's tail to name every bubble of the turn just finished. */
const SAVED_TAIL = 20;

export interface Submission {
  visitor: string;
  /** The browser's id of the message: a resend after a lost connection is handled once. */
  id: string;
  text?: string | undefined;
  postback?: string | undefined;
  lang?: Lang | undefined;
}

/**
 * One visitor message, from the socket or the HTTP route, through the pipeline. Around the turn
 * the visitor's tabs hear that the bot is typing, and afterwards the ids of what was stored.
 */
export async function submit(ctx: WebchatContext, s: Submission): Promise<TurnOutcome> {
  if (!webchatGuards(ctx).visitor.take(s.visitor)) throw new AppError('RATE_LIMITED', 'Too many messages; please wait a minute.', { channel: 'webchat' });
  const inbound: InboundMessage = {
    // Ids are chosen by browsers: scoped to the visitor, one cannot make another's message a duplicate.
    id: `${s.visitor}:${s.id}`,
    address: { channel: 'webchat', thread: s.visitor, user: s.visitor },
    content: s.postback !== undefined ? { type: 'postback', value: s.postback } : { type: 'text', text: s.text ?? '' },
    at: new Date(),
    ...(s.lang ? { locale: s.lang } : {}),
  };
  // With the store down the pipeline still answers from memory (src/conversation/degraded.ts): the typing hint must not stop it.
  const before = await ctx.store.conversations.get(conversationId(s.visitor)).catch(() => null);
  // While staff own the conversation the bot stays quiet, so it must not seem to type either.
  const botAnswers = !before || before.status === 'bot' || before.status === 'closed';
  if (botAnswers) await publishToVisitor(ctx.bus, s.visitor, { type: 'typing', from: 'bot', on: true });
  let outcome: TurnOutcome;
  try {
    outcome = await ctx.pipeline.handle(inbound);
  } finally {
    if (botAnswers) await publishToVisitor(ctx.bus, s.visitor, { type: 'typing', from: 'bot', on: false });
  }
  if (outcome.status === 'handled' && outcome.dropped !== 'store-unavailable') {
    const after = await ctx.store.conversations.get(conversationId(s.visitor));
    if (!after) await publishToVisitor(ctx.bus, s.visitor, { type: 'forgotten' });
    else await publishToVisitor(ctx.bus, s.visitor, { type: 'saved', messages: await recentItems(ctx, s.visitor, SAVED_TAIL) });
  }
  return outcome;
}
