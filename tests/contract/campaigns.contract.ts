import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriberKey, type Announcement, type Delivery, type Subscription } from '../../src/core/campaigns.js';
import type { ChannelId } from '../../src/core/message.js';
import type { Store } from '../../src/core/ports.js';

/**
 * The campaign part of the Store port (subscriptions, announcements, per-recipient deliveries),
 * run against every adapter like store.contract.ts.
 */
export function campaignsContract(name: string, open: () => Promise<Store>, teardown: (s: Store) => Promise<void>): void {
  describe(`Campaigns store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await teardown(store);
    });

    const now = new Date('2026-12-01T10:00:00Z');
    const sub = (channel: ChannelId, user: string, topics: string[]): Subscription => ({
      channel,
      user,
      address: { channel, thread: user, user },
      topics,
      lang: 'uk',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    const ann = (id: string, patch: Partial<Announcement> = {}): Announcement => ({
      id,
      name: `announcement ${id}`,
      texts: { cs: 'Nový kurz češtiny', uk: 'Новий курс чеської' },
      topics: ['czech'],
      status: 'draft',
      scheduledAt: null,
      createdBy: 'editor-1',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      startedAt: null,
      finishedAt: null,
      totals: null,
      ...patch,
    });
    const delivery = (announcementId: string, channel: ChannelId, user: string, patch: Partial<Delivery> = {}): Delivery => ({
      announcementId,
      key: subscriberKey(channel, user),
      address: { channel, thread: user, user },
      lang: 'uk',
      status: 'pending',
      attempts: 0,
      nextAt: now.toISOString(),
      updatedAt: now.toISOString(),
      error: null,
      ...patch,
    });

    it('saves, replaces and deletes a subscription; no topics means none', async () => {
      expect(await store.subscriptions.get('telegram', 'nobody')).toBeNull();
      await store.subscriptions.save(sub('telegram', 's1', ['czech', 'events']));
      expect((await store.subscriptions.get('telegram', 's1'))?.topics).toEqual(['czech', 'events']);
      await store.subscriptions.save(sub('telegram', 's1', ['events']));
      expect((await store.subscriptions.byTopics(['czech'])).map((s) => s.user)).not.toContain('s1');
      await store.subscriptions.save(sub('telegram', 's1', []));
      expect(await store.subscriptions.get('telegram', 's1')).toBeNull();
      expect((await store.subscriptions.byTopics(['events'])).map((s) => s.user)).not.toContain('s1');
      await store.subscriptions.save(sub('telegram', 's1', ['events']));
      expect(await store.subscriptions.deleteByUser('telegram', 's1')).toBe(true);
      expect(await store.subscriptions.deleteByUser('telegram', 's1')).toBe(false);
      expect(await store.subscriptions.get('telegram', 's1')).toBeNull();
    });

    it('finds each subscriber of any of the topics once, ordered by key, and counts per topic', async () => {
      await store.subscriptions.save(sub('whatsapp', 'b2', ['residence', 'news']));
      await store.subscriptions.save(sub('telegram', 'a1', ['residence']));
      await store.subscriptions.save(sub('webchat', 'c3', ['news']));
      await store.subscriptions.save(sub('webchat', 'd4', ['other']));
      const found = await store.subscriptions.byTopics(['residence', 'news']);
      expect(found.map((s) => subscriberKey(s.channel, s.user))).toEqual(['telegram:a1', 'webchat:c3', 'whatsapp:b2']);
      const counts = await store.subscriptions.counts();
      expect(counts.residence).toBe(2);
      expect(counts.news).toBe(2);
      expect(counts.other).toBe(1);
    });

    it('round-trips announcements, lists newest first and by status', async () => {
      await store.announcements.create(ann('a-old', { createdAt: '2026-11-01T00:00:00Z' }));
      await store.announcements.create(ann('a-new', { createdAt: '2026-11-20T00:00:00Z', texts: { vi: 'Khóa học 👋🏽' } }));
      expect(await store.announcements.get('a-new')).toEqual(ann('a-new', { createdAt: '2026-11-20T00:00:00Z', texts: { vi: 'Khóa học 👋🏽' } }));
      const ids = (await store.announcements.list(100)).map((a) => a.id);
      expect(ids.indexOf('a-new')).toBeLessThan(ids.indexOf('a-old'));
      await store.announcements.save({ ...ann('a-old', { createdAt: '2026-11-01T00:00:00Z' }), name: 'renamed' });
      expect((await store.announcements.get('a-old'))?.name).toBe('renamed');
      expect((await store.announcements.byStatus('draft')).map((a) => a.id)).toEqual(expect.arrayContaining(['a-old', 'a-new']));
    });

    it('moves an announcement only from the expected status, once, across concurrent callers', async () => {
      await store.announcements.create(ann('a-cas', { status: 'scheduled', scheduledAt: now.toISOString() }));
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.announcements.transition('a-cas', ['scheduled'], 'sending', { startedAt: now.toISOString() })),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await store.announcements.get('a-cas'))?.status).toBe('sending');
      expect(await store.announcements.transition('a-cas', ['draft', 'scheduled'], 'cancelled')).toBeNull();
      expect((await store.announcements.byStatus('sending')).map((a) => a.id)).toContain('a-cas');
      expect((await store.announcements.byStatus('scheduled')).map((a) => a.id)).not.toContain('a-cas');
      expect(await store.announcements.transition('missing', ['draft'], 'sending')).toBeNull();
    });

    it('adds recipients once, and lets exactly one concurrent claimer take each', async () => {
      const id = 'a-claim';
      await store.announcements.create(ann(id, { status: 'sending' }));
      const ds = ['u1', 'u2', 'u3'].map((u) => delivery(id, 'telegram', u));
      expect(await store.announcements.addDeliveries(ds)).toBe(3);
      expect(await store.announcements.addDeliveries([...ds, delivery(id, 'telegram', 'u4')])).toBe(1);
      expect(await store.announcements.pendingKeys(id)).toEqual(['telegram:u1', 'telegram:u2', 'telegram:u3', 'telegram:u4']);
      const claims = await Promise.all(Array.from({ length: 6 }, () => store.announcements.claim(id, 'telegram:u1', now)));
      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      const taken = claims.find((c) => c.claimed)?.delivery;
      expect(taken).toMatchObject({ status: 'sending', attempts: 1 });
      expect(claims.find((c) => !c.claimed)?.delivery?.status).toBe('sending');
      expect(await store.announcements.claim(id, 'telegram:nobody', now)).toEqual({ claimed: false, delivery: null });
      expect((await store.announcements.counts(id))).toMatchObject({ pending: 3, sending: 1 });
    });

    it('records outcomes, reschedules a retry, counts, and reports the open count', async () => {
      const id = 'a-finish';
      await store.announcements.create(ann(id, { status: 'sending' }));
      await store.announcements.addDeliveries(['x1', 'x2', 'x3'].map((u) => delivery(id, 'telegram', u)));
      await store.announcements.claim(id, 'telegram:x1', now);
      expect(await store.announcements.finish(id, 'telegram:x1', { status: 'sent', error: null }, now)).toBe(2);
      await store.announcements.claim(id, 'telegram:x2', now);
      const later = new Date(now.getTime() + 60_000);
      expect(await store.announcements.finish(id, 'telegram:x2', { status: 'pending', error: 'telegram: timeout', nextAt: later.toISOString() }, now)).toBe(2);
      // Not due yet for a caller at `now`; due a minute later, and claimable again.
      expect((await store.announcements.due('telegram', now, 100)).map((d) => d.key)).not.toContain('telegram:x2');
      expect((await store.announcements.due('telegram', later, 100)).map((d) => d.key)).toContain('telegram:x2');
      const again = await store.announcements.claim(id, 'telegram:x2', later);
      expect(again).toMatchObject({ claimed: true, delivery: { attempts: 2 } });
      await store.announcements.finish(id, 'telegram:x2', { status: 'failed', error: 'telegram: timeout' }, later);
      await store.announcements.claim(id, 'telegram:x3', later);
      expect(await store.announcements.finish(id, 'telegram:x3', { status: 'dropped', error: 'telegram: Forbidden: bot was blocked by the user' }, later)).toBe(0);
      // A finished delivery cannot be finished again (a repeated job changes nothing).
      await store.announcements.finish(id, 'telegram:x1', { status: 'failed', error: 'late' }, later);
      expect((await store.announcements.getDelivery(id, 'telegram:x1'))?.status).toBe('sent');
      expect(await store.announcements.counts(id)).toMatchObject({ pending: 0, sending: 0, sent: 1, failed: 1, dropped: 1 });
      const errors = await store.announcements.errors(id);
      expect(errors).toEqual(
        expect.arrayContaining([
          { status: 'failed', error: 'telegram: timeout', count: 1 },
          { status: 'dropped', error: 'telegram: Forbidden: bot was blocked by the user', count: 1 },
        ]),
      );
      expect(errors.some((e) => e.error === 'late')).toBe(false);
    });

    it('lists due deliveries per channel only', async () => {
      const id = 'a-due';
      await store.announcements.create(ann(id, { status: 'sending' }));
      await store.announcements.addDeliveries([delivery(id, 'whatsapp', 'w1'), delivery(id, 'webchat', 'v1')]);
      const wa = await store.announcements.due('whatsapp', now, 100);
      expect(wa.map((d) => d.key)).toEqual(['whatsapp:w1']);
      expect(wa[0]?.address).toEqual({ channel: 'whatsapp', thread: 'w1', user: 'w1' });
    });

    it('marks deliveries left sending as unconfirmed, and cancels pending ones', async () => {
      const id = 'a-abandon';
      await store.announcements.create(ann(id, { status: 'sending' }));
      await store.announcements.addDeliveries(['p1', 'p2', 'p3'].map((u) => delivery(id, 'botframework', u)));
      await store.announcements.claim(id, 'botframework:p1', now);
      expect(await store.announcements.abandonSending(now)).toBeGreaterThanOrEqual(1);
      expect((await store.announcements.getDelivery(id, 'botframework:p1'))?.status).toBe('unconfirmed');
      expect(await store.announcements.cancelPending(id, now)).toBe(2);
      expect(await store.announcements.counts(id)).toMatchObject({ pending: 0, sending: 0, unconfirmed: 1, cancelled: 2 });
      expect(await store.announcements.due('botframework', now, 100)).toEqual([]);
      // A cancelled delivery stays cancelled when a late outcome arrives.
      await store.announcements.finish(id, 'botframework:p2', { status: 'sent', error: null }, now);
      expect((await store.announcements.getDelivery(id, 'botframework:p2'))?.status).toBe('cancelled');
    });

    it('forgets a recipient everywhere but keeps the counts', async () => {
      const a = 'a-forget-1';
      const b = 'a-forget-2';
      await store.announcements.create(ann(a, { status: 'sending' }));
      await store.announcements.create(ann(b, { status: 'sending' }));
      await store.announcements.addDeliveries([delivery(a, 'telegram', 'gone'), delivery(a, 'telegram', 'stays')]);
      await store.announcements.addDeliveries([delivery(b, 'telegram', 'gone')]);
      await store.announcements.claim(a, 'telegram:gone', now);
      await store.announcements.finish(a, 'telegram:gone', { status: 'sent', error: null }, now);
      expect((await store.announcements.deliveriesOf('telegram', 'gone')).map((d) => [d.announcementId, d.status]).sort()).toEqual([
        [a, 'sent'],
        [b, 'pending'],
      ]);
      expect(await store.announcements.forgetRecipient('telegram', 'gone')).toBe(2);
      expect(await store.announcements.deliveriesOf('telegram', 'gone')).toEqual([]);
      expect(await store.announcements.getDelivery(a, 'telegram:gone')).toBeNull();
      expect(await store.announcements.getDelivery(b, 'telegram:gone')).toBeNull();
      expect(await store.announcements.getDelivery(a, 'telegram:stays')).not.toBeNull();
      expect(await store.announcements.counts(a)).toMatchObject({ sent: 1, pending: 1 });
      expect(await store.announcements.counts(b)).toMatchObject({ pending: 0, cancelled: 1 });
      expect((await store.announcements.due('telegram', now, 1000)).map((d) => d.key)).not.toContain('telegram:gone');
      expect(await store.announcements.claim(b, 'telegram:gone', now)).toEqual({ claimed: false, delivery: null });
    });

    it('prunes the recipients of finished announcements, keeping their totals', async () => {
      const id = 'a-prune';
      await store.announcements.create(ann(id, { status: 'sending' }));
      await store.announcements.addDeliveries([delivery(id, 'telegram', 'r1')]);
      await store.announcements.claim(id, 'telegram:r1', now);
      await store.announcements.finish(id, 'telegram:r1', { status: 'sent', error: null }, now);
      await store.announcements.transition(id, ['sending'], 'sent', { finishedAt: '2026-01-01T00:00:00Z' });
      expect(await store.announcements.pruneDeliveries(new Date('2026-06-01T00:00:00Z'))).toBe(1);
      expect(await store.announcements.getDelivery(id, 'telegram:r1')).toBeNull();
      expect((await store.announcements.get(id))?.totals).toMatchObject({ sent: 1 });
      expect(await store.announcements.pruneDeliveries(new Date('2026-06-01T00:00:00Z'))).toBe(0);
    });
  });
}
