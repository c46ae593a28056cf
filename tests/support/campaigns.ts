import type { Announcement, Subscription } from '../../src/core/campaigns.js';
import type { Lang } from '../../src/core/language.js';
import type { ChannelId } from '../../src/core/message.js';
import type { Store } from '../../src/core/ports.js';
import type { StaffUser } from '../../src/core/staff.js';

/** Subscribers written straight to the store (the /subscribe path has its own tests): chat ids from `first`. */
export async function seedSubscribers(store: Store, opts: { channel?: ChannelId; first: number; count: number; topics: string[]; lang?: Lang }): Promise<string[]> {
  const channel = opts.channel ?? 'telegram';
  const at = new Date().toISOString();
  const users: string[] = [];
  for (let i = 0; i < opts.count; i++) {
    const user = String(opts.first + i);
    const s: Subscription = { channel, user, address: { channel, thread: user, user }, topics: opts.topics, lang: opts.lang ?? 'en', createdAt: at, updatedAt: at };
    await store.subscriptions.save(s);
    users.push(user);
  }
  return users;
}

export const EDITOR: StaffUser = {
  id: 'editor-test',
  email: 'editor-test@example.org',
  name: 'Editor',
  role: 'editor',
  languages: ['cs'],
  teams: [],
  passwordHash: 'x',
  failedLogins: 0,
  lockedUntil: null,
  createdAt: new Date(0).toISOString(),
};

/** Polls `read` until `ok`, failing with the last value seen after `timeoutMs`. */
export async function until<T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function finished(store: Store, id: string, timeoutMs?: number): Promise<Announcement> {
  const a = await until('the announcement to finish', () => store.announcements.get(id), (a) => a?.finishedAt != null, timeoutMs);
  if (!a) throw new Error('no announcement');
  return a;
}
