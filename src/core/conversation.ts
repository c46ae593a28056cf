import { AppError } from './errors.js';
import type { Lang } from './language.js';
import type { Address, ChannelId, ChoiceOption } from './message.js';
import type { Intake } from './staff.js';

/**
 * bot: the bot answers. waiting: handed over, nobody has claimed it yet. assigned: a staff
 * member owns it and the bot stays quiet. closed: staff finished; the next message goes to the bot.
 */
export type Status = 'bot' | 'waiting' | 'assigned' | 'closed';

export type HandoffEvent =
  | { type: 'escalate'; reason: EscalationReason }
  | { type: 'claim'; staffId: string }
  | { type: 'transfer'; staffId: string | null; team: string | null }
  | { type: 'close' }
  | { type: 'back-to-bot' }
  | { type: 'user-returned' };

/** failed: the bot could not answer a message (it crashed or kept failing on it), so a person should. */
export type EscalationReason = 'asked' | 'misses' | 'entry' | 'crisis' | 'failed';

/** What the bot asked last and is waiting for, so that "2" or "yes" can be understood. */
export type Pending =
  | { kind: 'choice'; options: ChoiceOption[] }
  | { kind: 'confirm-forget' }
  | { kind: 'intake'; step: 'residence' | 'summary'; reason: EscalationReason; options?: ChoiceOption[] };

export interface Conversation {
  /** `${channel}:${thread}` */
  id: string;
  address: Address;
  status: Status;
  lang: Lang | null;
  /** The user chose the language explicitly: stop guessing it from each message. */
  langLocked: boolean;
  assignee: string | null;
  team: string | null;
  /** Topic of the last answered entry, for routing a handoff to a team. */
  topic: string | null;
  escalation: EscalationReason | null;
  /** Consecutive turns the bot could not answer; two in a row hand over. */
  misses: number;
  pending: Pending | null;
  createdAt: string;
  updatedAt: string;
  /** Last time the user wrote: retention and the WhatsApp 24-hour window count from it. */
  lastUserAt: string | null;
  /** What the bot asked before handing over, shown to staff at the top of the conversation. */
  intake?: Intake | null;
  /** Nobody on the team speaks the user's language: staff may need an interpreter. */
  interpreter?: boolean;
  /** Set when the channel says the user cannot be reached (blocked the bot); sends stop until they write again. */
  unreachable?: { reason: string; at: string } | null;
  /** When the user was shown what is stored about them and for how long (at first contact). */
  privacyNoticeAt?: string | null;
}

export type Role = 'user' | 'bot' | 'staff' | 'note' | 'system';

export interface TranscriptMessage {
  id: string;
  conversationId: string;
  role: Role;
  text: string;
  at: string;
  channel: ChannelId;
  lang: Lang | null;
  /** For bot answers: what the matcher decided and why. */
  action?: string | null;
  entry?: string | null;
  score?: number | null;
  /** Staff member for staff messages and notes. */
  author?: string | null;
  delivery?: { status: 'sent' | 'failed'; error?: string } | null;
  /** For bot answers: whether the user found it helpful (the web chat asks), for the editors. */
  feedback?: { value: 'helpful' | 'unhelpful'; at: string } | null;
}

export function newConversation(address: Address, now: Date): Conversation {
  const at = now.toISOString();
  return {
    id: `${address.channel}:${address.thread}`,
    address,
    status: 'bot',
    lang: null,
    langLocked: false,
    assignee: null,
    team: null,
    topic: null,
    escalation: null,
    misses: 0,
    pending: null,
    createdAt: at,
    updatedAt: at,
    lastUserAt: null,
  };
}

const ALLOWED: Record<HandoffEvent['type'], readonly Status[]> = {
  escalate: ['bot', 'closed', 'waiting'],
  claim: ['waiting', 'assigned'],
  transfer: ['waiting', 'assigned'],
  close: ['waiting', 'assigned'],
  'back-to-bot': ['waiting', 'assigned', 'closed', 'bot'],
  'user-returned': ['closed'],
};

/** The one place status changes; an illegal event is a CONFLICT, never a silent overwrite. */
export function transition(c: Conversation, event: HandoffEvent, now: Date): Conversation {
  if (!ALLOWED[event.type].includes(c.status)) {
    throw new AppError('CONFLICT', `cannot ${event.type} a conversation that is ${c.status}`, { id: c.id, status: c.status });
  }
  const next: Conversation = { ...c, updatedAt: now.toISOString() };
  switch (event.type) {
    case 'escalate':
      return { ...next, status: 'waiting', escalation: event.reason, assignee: null, pending: null };
    case 'claim':
      return { ...next, status: 'assigned', assignee: event.staffId };
    case 'transfer':
      return { ...next, status: event.staffId ? 'assigned' : 'waiting', assignee: event.staffId, team: event.team ?? c.team };
    case 'close':
      return { ...next, status: 'closed', pending: null };
    case 'back-to-bot':
    case 'user-returned':
      return { ...next, status: 'bot', assignee: null, escalation: null, misses: 0, pending: null };
  }
}
