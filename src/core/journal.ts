import type { Lang } from './language.js';
import type { Address, Content } from './message.js';

/**
 * The turn journal: every inbound message is written down as received before its turn runs and
 * struck off once it is answered, so that a crash between the two (a killed process, a lost
 * machine) does not lose the message. A sweep answers what is left, or hands it to staff.
 * Implemented by each store adapter; tests/contract/journal.contract.ts is its contract.
 */

/** An InboundMessage as stored: `at` as an ISO string. */
export interface JournaledInbound {
  id: string;
  address: Address;
  content: Content;
  locale?: string;
  at: string;
}

/** A reply the turn decided on, with the transcript id it will be stored under once sent. */
export interface PlannedReply {
  id: string;
  content: Content;
  action?: string | null;
  entry?: string | null;
  score?: number | null;
}

/** Written once the turn's state is saved: what remains is sending these. */
export interface PlannedSend {
  conversationId: string;
  address: Address;
  lang: Lang;
  /** The turn erased the user's data ("forget me"): replies are sent but not stored. */
  forgotten: boolean;
  replies: PlannedReply[];
}

export interface JournalEntry {
  /** `${channel}:${inbound id}`, the same key as the inbound dedupe. */
  key: string;
  inbound: JournaledInbound;
  /** The instance running (or last running) the turn. */
  owner: string;
  receivedAt: string;
  /** While the lease runs, nobody else touches the entry; a crashed owner's lease runs out. */
  leaseUntil: string;
  /** 1 for the first run; each claim adds one. */
  attempts: number;
  planned: PlannedSend | null;
}

export interface TurnJournal {
  /** Records a message as received, owned by `entry.owner` until `entry.leaseUntil`. */
  begin(entry: JournalEntry): Promise<void>;
  /** Records the replies still to be sent; no-op when the entry is gone. */
  plan(key: string, planned: PlannedSend): Promise<void>;
  /** Strikes the entry off: the message is answered (or handed to staff). */
  finish(key: string): Promise<void>;
  /** Ends the lease now, so that the next sweep retries the entry (the turn failed). */
  release(key: string): Promise<void>;
  /**
   * Hands entries nobody is working on to `owner`, each to one caller only, even with several
   * instances claiming at once: those whose lease ended before `now` and, with `takeOver`, every
   * entry of another owner (a SQLite file has one process: at its start, anything left is orphaned).
   * Claimed entries get attempts + 1 and a lease until `now + leaseMs`. Oldest first.
   */
  claim(owner: string, now: Date, leaseMs: number, opts?: { takeOver?: boolean; limit?: number }): Promise<JournalEntry[]>;
  /** Every entry, oldest first (for staff tools and tests). */
  list(): Promise<JournalEntry[]>;
}
