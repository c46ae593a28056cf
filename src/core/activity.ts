import type { Conversation, TranscriptMessage } from './conversation.js';

/** A conversation with its transcript, as the dashboard and the review list read them. */
export interface ConversationActivity {
  conversation: Conversation;
  messages: TranscriptMessage[];
}

/**
 * Reads recent conversations in bulk for aggregation, without one round trip per conversation.
 * Conversations last updated before `since` are skipped (their messages are older too).
 */
export interface ActivityScan {
  since(since: Date, opts?: { batchSize?: number }): AsyncIterable<ConversationActivity[]>;
}
