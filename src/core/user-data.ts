import type { ChannelId } from './message.js';

/** One person on one channel: whose data "forget me" erases and the right of access exports. */
export interface UserRef {
  channel: ChannelId;
  user: string;
}

/**
 * One kind of personal data a feature keeps about a user (conversations with their feedback,
 * campaign subscriptions, ...). Each feature registers its part, so that erasure and export
 * cover everything without this code knowing every feature.
 */
export interface UserDataPart {
  readonly name: string;
  /** Deletes the user's data of this kind; returns how many records went. */
  erase(user: UserRef): Promise<number>;
  /** The user's data of this kind, as plain JSON. */
  export(user: UserRef): Promise<unknown>;
}

/** What the pipeline needs for "forget me": erasure, audited, by `actor` ("user" or a staff id). */
export interface UserDataEraser {
  forget(user: UserRef, actor: string): Promise<Record<string, number>>;
}
