import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisClient } from '../../adapters/store-redis/redis-store.js';
import { EDITOR, finished, seedSubscribers, until } from '../support/campaigns.js';
import { REDIS_URL, startTestService, uniquePrefix, type TestService } from '../support/runtime.js';
import { startTelegramPeer, TEST_BOT_TOKEN, type TelegramPeer } from '../support/telegram-peer.js';

/**
 * The sending job over Redis with BullMQ (a real redis-server): a restart in the middle, two
 * instances sharing one campaign, and a schedule that outlives the instance that set it.
 */
const prefix = uniquePrefix('campaigns-bullmq');
let peer: TelegramPeer;
let redis: RedisClient;

beforeAll(async () => {
  peer = await startTelegramPeer();
  redis = await connectRedis(REDIS_URL);
});
afterAll(async () => {
  await peer?.close();
  if (redis) {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
    await redis.quit();
  }
});

const start = (rate: string): Promise<TestService> =>
  startTestService({ REDIS_URL, REDIS_PREFIX: prefix, TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: peer.apiRoot, CAMPAIGN_RATE_TELEGRAM: rate, CAMPAIGN_RETRY_BASE_MS: '20' });
const delivered = (chat: string) => peer.botMessages(Number(chat)).length;

describe('campaigns over Redis with BullMQ', () => {
  it('uses BullMQ when REDIS_URL is set', async () => {
    const svc = await start('10');
    try {
      expect(svc.runtime.campaigns.runnerKind).toBe('bullmq');
    } finally {
      await svc.close();
    }
  });

  it('resumes after a restart in the middle: every subscriber gets the message exactly once', async () => {
    const first = await start('10');
    const users = await seedSubscribers(first.runtime.store, { first: 91000, count: 25, topics: ['events'] });
    const a = await first.runtime.campaigns.create(EDITOR, { name: 'restart', texts: { en: 'Open day on **Saturday**.' }, topics: ['events'] });
    await first.runtime.campaigns.schedule(EDITOR, a.id, null);
    await until('a few sends', () => users.filter((u) => delivered(u) > 0).length, (n) => n >= 5);
    await first.close();
    expect(users.filter((u) => delivered(u) > 0).length).toBeLessThan(25);

    const second = await start('50');
    try {
      const done = await finished(second.runtime.store, a.id);
      expect(done.status).toBe('sent');
      expect(done.totals).toMatchObject({ sent: 25, unconfirmed: 0, failed: 0, pending: 0, sending: 0 });
      for (const u of users) expect(delivered(u)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('shares one campaign between two instances and sends each message once', async () => {
    const [a, b] = await Promise.all([start('40'), start('40')]);
    try {
      const users = await seedSubscribers(a.runtime.store, { first: 92000, count: 40, topics: ['czech'] });
      const ann = await a.runtime.campaigns.create(EDITOR, { name: 'shared', texts: { en: 'New Czech courses.' }, topics: ['czech'] });
      await a.runtime.campaigns.schedule(EDITOR, ann.id, null);
      const done = await finished(b.runtime.store, ann.id);
      expect(done.totals).toMatchObject({ sent: 40 });
      for (const u of users) expect(delivered(u)).toBe(1);
      // Both instances see the same progress.
      expect((await b.runtime.campaigns.view(ann.id)).progress).toEqual({ total: 40, done: 40 });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps a schedule in Redis: set on one instance, started by another after the first stopped', async () => {
    const first = await start('50');
    const users = await seedSubscribers(first.runtime.store, { first: 93000, count: 3, topics: ['residence'] });
    const ann = await first.runtime.campaigns.create(EDITOR, { name: 'scheduled', texts: { en: 'Rules change on 1 January.' }, topics: ['residence'] });
    await first.runtime.campaigns.schedule(EDITOR, ann.id, new Date(Date.now() + 1500));
    await first.close();
    for (const u of users) expect(delivered(u)).toBe(0);
    const second = await start('50');
    try {
      const done = await finished(second.runtime.store, ann.id);
      expect(done.totals).toMatchObject({ sent: 3 });
      for (const u of users) expect(delivered(u)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('hands the queue again, at start, what the store says is still to send (a queue that lost its jobs)', async () => {
    const setup = await start('50');
    const users = await seedSubscribers(setup.runtime.store, { first: 95000, count: 3, topics: ['events'] });
    const now = new Date();
    const a = await setup.runtime.campaigns.create(EDITOR, { name: 'lost jobs', texts: { en: 'Still to send.' }, topics: ['events'] });
    // As if Redis came back from an older snapshot: the store says sending, the queue has nothing.
    await setup.runtime.store.announcements.transition(a.id, ['draft'], 'sending', { startedAt: now.toISOString() });
    await setup.runtime.store.announcements.addDeliveries(
      users.map((u) => ({ announcementId: a.id, key: `telegram:${u}`, address: { channel: 'telegram', thread: u, user: u }, lang: 'en', status: 'pending', attempts: 0, nextAt: now.toISOString(), updatedAt: now.toISOString(), error: null })),
    );
    await setup.close();
    for (const u of users) expect(delivered(u)).toBe(0);
    const again = await start('50');
    try {
      const done = await finished(again.runtime.store, a.id);
      expect(done.totals).toMatchObject({ sent: 3 });
      for (const u of users) expect(delivered(u)).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('does not start a schedule that was cancelled', async () => {
    const svc = await start('50');
    try {
      const users = await seedSubscribers(svc.runtime.store, { first: 94000, count: 2, topics: ['centre'] });
      const ann = await svc.runtime.campaigns.create(EDITOR, { name: 'cancelled', texts: { en: 'Never sent.' }, topics: ['centre'] });
      await svc.runtime.campaigns.schedule(EDITOR, ann.id, new Date(Date.now() + 300));
      await svc.runtime.campaigns.cancel(EDITOR, ann.id);
      // A campaign scheduled after it, for the same people, goes out: so the first had its chance.
      const later = await svc.runtime.campaigns.create(EDITOR, { name: 'after', texts: { en: 'Sent.' }, topics: ['centre'] });
      await svc.runtime.campaigns.schedule(EDITOR, later.id, new Date(Date.now() + 600));
      await finished(svc.runtime.store, later.id);
      for (const u of users) expect(peer.botMessages(Number(u)).map((m) => m.text.includes('Never sent'))).toEqual([false]);
      expect((await svc.runtime.store.announcements.get(ann.id))?.status).toBe('cancelled');
    } finally {
      await svc.close();
    }
  });
});
