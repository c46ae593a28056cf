import { AppError } from '../../src/core/errors.js';
import type { WebchatContext } from './context.js';
import type { FeedbackValue } from './protocol.js';
import { conversationId } from './transcript-view.js';
import { publishToVisitor } from './webchat-channel.js';

/** How far back a visitor may still rate an answer. */
const LOOKBACK = 500;

/**
 * Stores the visitor's verdict on the answer itself (the store's append replaces a message with
 * the same id in place), so editors read it next to the entry and score that produced it.
 */
export async function recordFeedback(ctx: WebchatContext, visitor: string, messageId: string, value: FeedbackValue): Promise<void> {
  const id = conversationId(visitor);
  await ctx.store.locks.withLock(id, async () => {
    const messages = await ctx.store.conversations.messages(id, { limit: LOOKBACK });
    const answer = messages.find((m) => m.id === messageId);
    if (!answer || answer.role !== 'bot' || !answer.entry) throw new AppError('NOT_FOUND', 'no such answer in this conversation', { conversation: id });
    await ctx.store.conversations.appendMessage({ ...answer, feedback: { value, at: new Date().toISOString() } });
    ctx.log.info({ event: 'feedback', conversation: id, entry: answer.entry, value }, 'answer rated');
  });
  // Other tabs of the same visitor show the choice too.
  await publishToVisitor(ctx.bus, visitor, { type: 'feedback', message: messageId, value });
}
