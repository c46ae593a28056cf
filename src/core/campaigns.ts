import type { Lang } from './language.js';
import type { Address, ChannelId } from './message.js';

/**
 * Information campaigns: users subscribe to topics on their own channel; editors write an
 * announcement in several languages and send it to everyone subscribed to one of its topics.
 * The store keeps every recipient's delivery, so that a restart neither loses nor repeats one.
 */

/** One user on one channel and the topics they chose. No topics means no subscription. */
export interface Subscription {
  channel: ChannelId;
  user: string;
  /** Where announcements go (the chat on the channel, and the channel's private reference). */
  address: Address;
  topics: string[];
  /** The language of the conversation when they subscribed; the conversation's current one wins. */
  lang: Lang;
  createdAt: string;
  updatedAt: string;
}

export function subscriberKey(channel: ChannelId, user: string): string {
  return `${channel}:${user}`;
}

/**
 * draft → scheduled (a time is set) → sending (recipients taken) → sent; cancelled from any of
 * the first three. "Send now" is scheduled for now.
 */
export type AnnouncementStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

export interface Announcement {
  id: string;
  /** For editors only; never sent. */
  name: string;
  /** Markdown subset, per language; at least one. */
  texts: Partial<Record<Lang, string>>;
  topics: string[];
  status: AnnouncementStatus;
  scheduledAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Counts kept when it finished, so that the per-recipient records may be pruned. */
  totals: DeliveryCounts | null;
}

/**
 * pending: waiting (maybe for a retry after a backoff). sending: handed to the channel, outcome
 * not yet recorded. sent / template (WhatsApp outside the 24-hour window): delivered. failed:
 * attempts used up. dropped: the user cannot be reached (blocked the bot, window closed without a
 * template). unconfirmed: the process stopped while it was being sent, so whether it arrived is
 * unknown; it is not sent again, because a second copy is worse than an editor knowing.
 * cancelled: the announcement was cancelled or the user asked to be forgotten.
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'template', 'failed', 'dropped', 'unconfirmed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type DeliveryCounts = Record<DeliveryStatus, number>;

export function emptyCounts(): DeliveryCounts {
  return { pending: 0, sending: 0, sent: 0, template: 0, failed: 0, dropped: 0, unconfirmed: 0, cancelled: 0 };
}

export function openCount(c: DeliveryCounts): number {
  return c.pending + c.sending;
}

export interface Delivery {
  announcementId: string;
  /** subscriberKey(channel, user) */
  key: string;
  address: Address;
  /** The language of the text this recipient gets. */
  lang: Lang;
  status: DeliveryStatus;
  /** Attempts started (claims). */
  attempts: number;
  /** Not before this time (a retry's backoff). */
  nextAt: string;
  updatedAt: string;
  /** Why the last attempt failed; a channel's words, never the user's. */
  error: string | null;
}

export interface SubscriptionRepo {
  get(channel: ChannelId, user: string): Promise<Subscription | null>;
  /** Insert or replace; a subscription without topics is deleted. */
  save(s: Subscription): Promise<void>;
  /** "Forget me" and blocked users: true when there was one. */
  deleteByUser(channel: ChannelId, user: string): Promise<boolean>;
  /** Everyone subscribed to at least one of `topics`, ordered by key. */
  byTopics(topics: readonly string[]): Promise<Subscription[]>;
  /** Subscribers per topic. */
  counts(): Promise<Record<string, number>>;
}

export type DeliveryOutcome = Pick<Delivery, 'status' | 'error'> & { nextAt?: string };

export interface AnnouncementRepo {
  create(a: Announcement): Promise<void>;
  /** Replaces the stored announcement; for edits of a draft. */
  save(a: Announcement): Promise<void>;
  get(id: string): Promise<Announcement | null>;
  /** Newest first. */
  list(limit: number): Promise<Announcement[]>;
  byStatus(status: AnnouncementStatus): Promise<Announcement[]>;
  /**
   * Compare-and-set across instances: applies `patch` and `to` only when the stored status is one
   * of `from`; returns the new announcement, or null when it was not (someone else moved it).
   */
  transition(id: string, from: readonly AnnouncementStatus[], to: AnnouncementStatus, patch?: Partial<Announcement>): Promise<Announcement | null>;
  /** Adds recipients; a key already there is left as it is (taking recipients twice is harmless). Returns how many were new. */
  addDeliveries(deliveries: Delivery[]): Promise<number>;
  getDelivery(announcementId: string, key: string): Promise<Delivery | null>;
  /** Pending keys of one announcement (what a queue must still be given). */
  pendingKeys(announcementId: string): Promise<string[]>;
  /**
   * pending → sending, atomically, counting the attempt. Returns the delivery as it is now and
   * whether this caller took it; a caller that did not must not send.
   */
  claim(announcementId: string, key: string, now: Date): Promise<{ claimed: boolean; delivery: Delivery | null }>;
  /** Records the outcome of a claimed delivery (status pending again means a retry at nextAt). Returns the announcement's open count. */
  finish(announcementId: string, key: string, outcome: DeliveryOutcome, now: Date): Promise<number>;
  counts(announcementId: string): Promise<DeliveryCounts>;
  /** Pending deliveries on `channel` due by `now`, across announcements, earliest first. */
  due(channel: ChannelId, now: Date, limit: number): Promise<Delivery[]>;
  /** After a crash of the only process (embedded store): every delivery left `sending` becomes unconfirmed. */
  abandonSending(now: Date): Promise<number>;
  /** Every pending delivery of an announcement → cancelled; returns how many. */
  cancelPending(announcementId: string, now: Date): Promise<number>;
  /** Failure reasons with how many recipients had each (no recipient is named). */
  errors(announcementId: string): Promise<{ status: DeliveryStatus; error: string; count: number }[]>;
  /**
   * "Forget me": the user's delivery records lose everything that points at them; an open one
   * is cancelled. The counts stay (they name nobody). Returns how many records were scrubbed.
   */
  forgetRecipient(channel: ChannelId, user: string): Promise<number>;
  /** The right of access: every delivery record of one user, across announcements. */
  deliveriesOf(channel: ChannelId, user: string): Promise<Delivery[]>;
  /** Retention: per-recipient records of announcements finished before `before` are deleted; totals stay. */
  pruneDeliveries(before: Date): Promise<number>;
}
