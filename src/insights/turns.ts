import type { TranscriptMessage } from '../core/conversation.js';
import type { Lang } from '../core/language.js';
import type { ChannelId } from '../core/message.js';

/**
 * What became of one message a user wrote, read from the transcript: the bot's replies record
 * their action, entry and score (src/conversation/pipeline.ts), staff replies their role.
 * answered: a knowledge-base answer; clarified: "did you mean"; unanswered: the polite fallback;
 * handoff: handed to staff without an answer (asked for a person, a crisis); staff: written while
 * staff owned the conversation (the bot stayed quiet); other: commands, small talk, intake steps.
 */
export type Outcome = 'answered' | 'clarified' | 'unanswered' | 'handoff' | 'staff' | 'other';

export const QUESTION_OUTCOMES: readonly Outcome[] = ['answered', 'clarified', 'unanswered', 'handoff'];

export interface TurnFact {
  at: string;
  lang: Lang | null;
  channel: ChannelId;
  outcome: Outcome;
  /** The answered entry (or the entry whose answer was rated). */
  entry: string | null;
  score: number | null;
  /** What the user wrote (masked before it leaves the review list's code). */
  text: string;
  /** A button press rather than typed words. */
  postback: boolean;
  feedback: 'helpful' | 'unhelpful' | null;
}

export interface EscalationFact {
  at: string;
  channel: ChannelId;
  lang: Lang | null;
  /** When a staff member first wrote to the user after it; null when nobody did. */
  firstReplyAt: string | null;
}

const ANSWER_ACTIONS = new Set(['answer', 'escalate']);

function outcomeOf(replies: TranscriptMessage[]): { outcome: Outcome; entry: string | null; score: number | null; feedback: TurnFact['feedback'] } {
  const answer = replies.find((m) => m.entry && ANSWER_ACTIONS.has(m.action ?? ''));
  if (answer) return { outcome: 'answered', entry: answer.entry ?? null, score: answer.score ?? null, feedback: answer.feedback?.value ?? null };
  const pick = (action: string): TranscriptMessage | undefined => replies.find((m) => m.action === action);
  const clarify = pick('clarify');
  if (clarify) return { outcome: 'clarified', entry: null, score: clarify.score ?? null, feedback: null };
  const fallback = pick('fallback');
  if (fallback) return { outcome: 'unanswered', entry: null, score: fallback.score ?? null, feedback: null };
  if (pick('escalate') || pick('crisis')) return { outcome: 'handoff', entry: null, score: null, feedback: null };
  // A bot message without an action is staff closing the conversation, not the bot deciding.
  if (replies.some((m) => m.role === 'bot' && m.action)) return { outcome: 'other', entry: null, score: null, feedback: null };
  return { outcome: 'staff', entry: null, score: null, feedback: null };
}

/** Reads one conversation's transcript (oldest first) into turns and escalations. */
export function readTranscript(messages: readonly TranscriptMessage[]): { turns: TurnFact[]; escalations: EscalationFact[] } {
  const turns: TurnFact[] = [];
  const escalations: EscalationFact[] = [];
  let user: TranscriptMessage | null = null;
  let replies: TranscriptMessage[] = [];
  const flush = (): void => {
    if (!user) return;
    const o = outcomeOf(replies);
    const postback = /^\[[^\]\s]*\]$/.test(user.text);
    turns.push({ at: user.at, lang: user.lang, channel: user.channel, text: user.text, postback, ...o });
  };
  let open: EscalationFact | null = null;
  for (const m of messages) {
    if (m.role === 'user') {
      flush();
      user = m;
      replies = [];
      continue;
    }
    if (m.role === 'note' || m.role === 'system') continue;
    replies.push(m);
    if (m.role === 'staff') {
      if (open && open.firstReplyAt === null) open.firstReplyAt = m.at;
      open = null;
      continue;
    }
    // The bot's hand-over message (no entry): a new escalation unless one is still waiting for staff.
    if (m.action === 'escalate' && !m.entry && !open) {
      open = { at: m.at, channel: m.channel, lang: m.lang, firstReplyAt: null };
      escalations.push(open);
    } else if (open && (m.action === 'back-to-bot' || m.action === undefined || m.action === null)) {
      // Back to the bot, or staff closed it (the closing message carries no action) before anyone replied.
      open = null;
    }
  }
  flush();
  return { turns, escalations };
}
