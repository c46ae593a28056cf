import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConversation, type TranscriptMessage } from '../../src/core/conversation.js';
import type { ConversationActivity } from '../../src/core/activity.js';
import type { NewRevision } from '../../src/core/kb-revisions.js';
import type { KbEntry } from '../../src/core/knowledge.js';
import type { Store } from '../../src/core/ports.js';

const entry = (id: string, answer: string): KbEntry => ({
  id,
  topic: id.split('.')[0] ?? '',
  escalate: false,
  reviewed: '2026-11-20',
  validUntil: null,
  sources: [{ url: 'https://www.example.org/', title: 'Example' }],
  translations: { uk: { title: 'Тема', questions: ['Питання?'], keywords: [], answer } },
});

let n = 0;
const rev = (entryId: string, e: KbEntry | null): NewRevision => ({
  id: `rev-${entryId}-${++n}-${Math.random().toString(36).slice(2)}`,
  entryId,
  entry: e,
  actor: 'staff-1',
  actorName: 'Eva',
  at: new Date().toISOString(),
  action: e ? 'edit' : 'remove',
  summary: 'uk: answer',
  changes: ['translations.uk.answer'],
  restored: null,
  baselineHash: null,
});

/** The contract of the knowledge-base revisions, review marks and bulk activity reads, run against every store adapter. */
export function kbStoreContract(name: string, open: () => Promise<Store>, teardown: (s: Store) => Promise<void> = (s) => s.close()): void {
  describe(`Knowledge-base store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await teardown(store);
    });

    it('numbers revisions in order across entries, and keeps the whole entry, empty lists included', async () => {
      const head = await store.kbRevisions.head();
      const a = await store.kbRevisions.append(rev('c.a', entry('c.a', 'перша відповідь')));
      const b = await store.kbRevisions.append(rev('c.b', entry('c.b', 'друга відповідь')));
      expect(a.seq).toBeGreaterThan(head);
      expect(b.seq).toBe(a.seq + 1);
      expect(await store.kbRevisions.head()).toBe(b.seq);
      const got = await store.kbRevisions.get(a.id);
      expect(got).toEqual(a);
      expect(got?.entry?.translations.uk?.keywords).toEqual([]);
      expect(await store.kbRevisions.get('no-such-revision')).toBeNull();
    });

    it('gives the latest revision of each entry, a removal included, and an entry\'s history newest first', async () => {
      const first = await store.kbRevisions.append(rev('h.x', entry('h.x', 'v1')));
      const second = await store.kbRevisions.append(rev('h.x', entry('h.x', 'v2')));
      const gone = await store.kbRevisions.append(rev('h.y', null));
      const latest = await store.kbRevisions.latest();
      expect(latest.find((r) => r.entryId === 'h.x')).toEqual(second);
      expect(latest.find((r) => r.entryId === 'h.y')?.entry).toBeNull();
      expect(latest.filter((r) => r.entryId === 'h.x')).toHaveLength(1);
      const history = await store.kbRevisions.history('h.x');
      expect(history.map((r) => r.seq)).toEqual([second.seq, first.seq]);
      expect((await store.kbRevisions.history('h.x', { limit: 1 })).map((r) => r.id)).toEqual([second.id]);
      expect(gone.entry).toBeNull();
      expect(await store.kbRevisions.history('nothing.here')).toEqual([]);
    });

    it('lets only one of two saves from the same starting revision through, however many race', async () => {
      const base = await store.kbRevisions.append(rev('race.e', entry('race.e', 'base')));
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_v, i) => store.kbRevisions.append(rev('race.e', entry('race.e', `edit ${i}`)), { expectedLatest: base.seq })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(7);
      for (const r of rejected) expect((r.reason as { code?: string }).code).toBe('CONFLICT');
      expect((await store.kbRevisions.history('race.e')).length).toBe(2);
      // 0 means "nothing saved yet": refused once something is.
      await expect(store.kbRevisions.append(rev('race.e', null), { expectedLatest: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(store.kbRevisions.append(rev('race.new', entry('race.new', 'x')), { expectedLatest: 0 })).resolves.toMatchObject({ entryId: 'race.new' });
    });

    it('keeps review marks by key, the newest winning', async () => {
      await store.kbReview.mark([
        { key: '00000000000000a1', how: 'dismissed', entryId: null, actor: 's', at: '2026-11-01T10:00:00.000Z' },
        { key: '00000000000000a2', how: 'variant', entryId: 'c.a', actor: 's', at: '2026-11-01T10:00:00.000Z' },
      ]);
      await store.kbReview.mark([{ key: '00000000000000a1', how: 'entry', entryId: 'c.b', actor: 's', at: '2026-11-02T10:00:00.000Z' }]);
      const marks = await store.kbReview.all();
      expect(marks.get('00000000000000a1')).toMatchObject({ how: 'entry', entryId: 'c.b' });
      expect(marks.get('00000000000000a2')).toMatchObject({ how: 'variant' });
      await expect(store.kbReview.mark([])).resolves.toBeUndefined();
    });

    it('reads recent conversations with their transcripts in batches, leaving out older ones', async () => {
      const since = new Date('2030-01-01T00:00:00Z');
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const c = newConversation({ channel: 'webchat', thread: `act-${i}`, user: `act-${i}` }, new Date(since.getTime() + i * 60_000));
        await store.conversations.save(c);
        ids.push(c.id);
        for (let m = 0; m < i; m++) {
          const msg: TranscriptMessage = { id: `act-${i}-${m}`, conversationId: c.id, role: m % 2 ? 'bot' : 'user', text: `m${m}`, at: new Date(since.getTime() + m * 1000).toISOString(), channel: 'webchat', lang: 'uk' };
          await store.conversations.appendMessage(msg);
        }
      }
      const old = newConversation({ channel: 'webchat', thread: 'act-old', user: 'act-old' }, new Date('2029-12-31T23:00:00Z'));
      await store.conversations.save(old);
      const batches: ConversationActivity[][] = [];
      for await (const b of store.activity.since(since, { batchSize: 3 })) batches.push(b);
      expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
      const all = batches.flat();
      expect(all.map((a) => a.conversation.id).sort()).toEqual([...ids].sort());
      for (const a of all) {
        const i = Number(a.conversation.id.split('-')[1]);
        expect(a.messages.map((m) => m.text)).toEqual(Array.from({ length: i }, (_v, m) => `m${m}`));
      }
    });
  });
}
