import type { TurnJournal } from './journal.js';
import type { ActivityScan } from './activity.js';
import type { AnnouncementRepo, SubscriptionRepo } from './campaigns.js';
import type { Conversation, Status, TranscriptMessage } from './conversation.js';
import type { KbRevisionRepo, ReviewMarks } from './kb-revisions.js';
import type { ChannelId } from './message.js';
import type { AuditEvent, StaffSession, StaffUser } from './staff.js';

/**
 * The store is owned by the core and implemented by adapters (SQLite, Redis). Every adapter runs
 * the one contract suite in tests/contract/store.contract.ts.
 */
export interface ConversationRepo {
  get(id: string): Promise<Conversation | null>;
  /** Insert or replace. */
  save(c: Conversation): Promise<void>;
  /** Oldest `updatedAt` first, which is the queue order for staff. */
  list(filter: { status?: Status; limit?: number }): Promise<Conversation[]>;
  appendMessage(m: TranscriptMessage): Promise<void>;
  /** Oldest first; `limit` keeps the newest N. */
  messages(conversationId: string, opts?: { limit?: number }): Promise<TranscriptMessage[]>;
  /** Every conversation of one user on one channel (for "forget me" and the right of access). */
  byUser(channel: ChannelId, user: string): Promise<Conversation[]>;
  /** Deletes every conversation and message of one user on one channel; returns how many conversations. */
  deleteByUser(channel: ChannelId, user: string): Promise<number>;
  /** Deletes conversations whose last update is before `before`; returns how many. */
  deleteOlderThan(before: Date): Promise<number>;
}

export interface InboundLog {
  /** True the first time a key is seen within `ttlSeconds`, false for a repeat. Atomic across instances. */
  firstSeen(key: string, ttlSeconds: number): Promise<boolean>;
}

export interface TurnLocks {
  /** Runs `fn` while no other turn for `key` runs, here or on another instance sharing the store. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export interface StaffRepo {
  /** Fails with CONFLICT when the e-mail is taken. */
  create(user: StaffUser): Promise<void>;
  update(user: StaffUser): Promise<void>;
  get(id: string): Promise<StaffUser | null>;
  /** E-mail compared case-insensitively. */
  byEmail(email: string): Promise<StaffUser | null>;
  list(): Promise<StaffUser[]>;
}

export interface SessionRepo {
  create(session: StaffSession): Promise<void>;
  /** Null when unknown or expired. */
  get(id: string): Promise<StaffSession | null>;
  delete(id: string): Promise<void>;
}

export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
  /** Newest first. */
  list(filter: { target?: string; limit?: number }): Promise<AuditEvent[]>;
}

export interface Store {
  readonly kind: 'sqlite' | 'redis';
  readonly conversations: ConversationRepo;
  readonly inbound: InboundLog;
  readonly locks: TurnLocks;
  readonly staff: StaffRepo;
  readonly sessions: SessionRepo;
  readonly audit: AuditLog;
  /** Editors' revisions over the shipped knowledge base, and their decisions on collected questions. */
  readonly kbRevisions: KbRevisionRepo;
  readonly kbReview: ReviewMarks;
  /** Bulk reads of recent conversations for the dashboard and the review list. */
  readonly activity: ActivityScan;
  /** Inbound messages received but not yet answered, so that a crash mid-turn loses none (src/core/journal.ts). */
  readonly journal: TurnJournal;
  /** Information campaigns: who subscribed to what, announcements and their deliveries (src/core/campaigns.ts). */
  readonly subscriptions: SubscriptionRepo;
  readonly announcements: AnnouncementRepo;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Live events between instances: new messages for a web chat visitor, queue changes for staff. */
export interface Bus {
  publish(topic: string, payload: unknown): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: (payload: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Structured logging as the core needs it; pino satisfies it. Never put message text at info. */
export interface Log {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
