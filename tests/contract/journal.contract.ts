import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry, PlannedSend } from '../../src/core/journal.js';
import type { Store } from '../../src/core/ports.js';

/** The turn journal's contract, run against every Store adapter (as store.contract.ts is). */
export function journalContract(name: string, open: () => Promise<Store>, teardown: (s: Store) => Promise<void> = (s) => s.close()): void {
  describe(`TurnJournal contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await teardown(store);
    });

    const T0 = new Date('2026-11-20T10:00:00.000Z');
    const at = (ms: number): Date => new Date(T0.getTime() + ms);
    const entry = (key: string, owner: string, leaseMs: number, receivedMs = 0): JournalEntry => ({
      key,
      owner,
      receivedAt: at(receivedMs).toISOString(),
      leaseUntil: at(leaseMs).toISOString(),
      attempts: 1,
      inbound: { id: key.split(':')[1] ?? key, address: { channel: 'telegram', thread: '42', user: '42' }, content: { type: 'text', text: 'Привіт, +420 602 123 456 👋' }, at: at(receivedMs).toISOString(), locale: 'uk' },
      planned: null,
    });
    const plan: PlannedSend = {
      conversationId: 'telegram:42',
      address: { channel: 'telegram', thread: '42', user: '42' },
      lang: 'uk',
      forgotten: false,
      replies: [{ id: 'r1', content: { type: 'choice', text: 'Оберіть', options: [] }, action: 'clarify', entry: null, score: 0.5 }],
    };

    it('keeps a received message until it is finished, plan included, and round-trips it intact', async () => {
      await store.journal.begin(entry('telegram:1', 'a', 60_000));
      await store.journal.plan('telegram:1', plan);
      const [stored] = (await store.journal.list()).filter((e) => e.key === 'telegram:1');
      expect(stored).toEqual({ ...entry('telegram:1', 'a', 60_000), planned: plan });
      await store.journal.finish('telegram:1');
      expect((await store.journal.list()).some((e) => e.key === 'telegram:1')).toBe(false);
      // A plan for a finished entry does not bring it back.
      await store.journal.plan('telegram:1', plan);
      expect((await store.journal.list()).some((e) => e.key === 'telegram:1')).toBe(false);
    });

    it('hands out only entries whose lease ended, with one more attempt and a new lease', async () => {
      await store.journal.begin(entry('telegram:2', 'a', 1_000, 1));
      await store.journal.begin(entry('telegram:3', 'a', 60_000, 2));
      expect(await store.journal.claim('b', at(500), 30_000)).toEqual([]);
      const claimed = await store.journal.claim('b', at(2_000), 30_000);
      expect(claimed.map((e) => [e.key, e.owner, e.attempts, e.leaseUntil])).toEqual([['telegram:2', 'b', 2, at(32_000).toISOString()]]);
      // Claimed means leased: not handed out again while the new lease runs.
      expect(await store.journal.claim('c', at(3_000), 30_000)).toEqual([]);
      await store.journal.finish('telegram:2');
      await store.journal.finish('telegram:3');
    });

    it('makes a released entry claimable at once, and takes over another owner\'s entries when asked', async () => {
      await store.journal.begin(entry('telegram:4', 'a', 60_000, 4));
      await store.journal.begin(entry('telegram:5', 'b', 60_000, 5));
      await store.journal.release('telegram:4');
      expect((await store.journal.claim('b', at(10), 1_000)).map((e) => e.key)).toEqual(['telegram:4']);
      // b now owns both: a take-over by b finds nothing; one by c takes both, oldest first.
      expect(await store.journal.claim('b', at(20), 1_000, { takeOver: true })).toEqual([]);
      expect((await store.journal.claim('c', at(30), 1_000, { takeOver: true })).map((e) => e.key)).toEqual(['telegram:4', 'telegram:5']);
      await store.journal.finish('telegram:4');
      await store.journal.finish('telegram:5');
    });

    it('gives each orphaned entry to one of several claimers racing for it', async () => {
      for (let i = 0; i < 20; i++) await store.journal.begin(entry(`telegram:race-${i}`, 'dead', 0, 100 + i));
      const results = await Promise.all(['x', 'y', 'z'].map((owner) => store.journal.claim(owner, at(1_000), 30_000)));
      const keys = results.flat().map((e) => e.key);
      expect(keys).toHaveLength(20);
      expect(new Set(keys).size).toBe(20);
      for (const key of keys) await store.journal.finish(key);
      expect(await store.journal.list()).toEqual([]);
    });
  });
}
