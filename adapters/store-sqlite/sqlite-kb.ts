import type { Database } from 'better-sqlite3';
import type { ActivityScan, ConversationActivity } from '../../src/core/activity.js';
import type { Conversation, TranscriptMessage } from '../../src/core/conversation.js';
import { AppError } from '../../src/core/errors.js';
import type { KbRevision, KbRevisionRepo, ReviewMark, ReviewMarks } from '../../src/core/kb-revisions.js';
import { migrateSet } from './schema.js';

const KB_MIGRATIONS = [
  `CREATE TABLE kb_revisions (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, entry_id TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX kb_revisions_entry ON kb_revisions (entry_id, seq);
   CREATE TABLE kb_review_marks (key TEXT PRIMARY KEY, data TEXT NOT NULL);`,
];

/**
 * Editors' revisions of the knowledge base, their decisions on collected questions, and a bulk
 * read of recent conversations for the dashboard, in the embedded store.
 */
export function sqliteKb(db: Database): { kbRevisions: KbRevisionRepo; kbReview: ReviewMarks; activity: ActivityScan } {
  migrateSet(db, 'kb', KB_MIGRATIONS);
  const q = {
    insert: db.prepare('INSERT INTO kb_revisions (id, entry_id, at, data) VALUES (?, ?, ?, ?)'),
    setData: db.prepare('UPDATE kb_revisions SET data = ? WHERE seq = ?'),
    latestOf: db.prepare<[string], { seq: number }>('SELECT MAX(seq) AS seq FROM kb_revisions WHERE entry_id = ?'),
    latest: db.prepare<[], { data: string }>('SELECT data FROM kb_revisions WHERE seq IN (SELECT MAX(seq) FROM kb_revisions GROUP BY entry_id) ORDER BY entry_id'),
    history: db.prepare<[string, number], { data: string }>('SELECT data FROM kb_revisions WHERE entry_id = ? ORDER BY seq DESC LIMIT ?'),
    get: db.prepare<[string], { data: string }>('SELECT data FROM kb_revisions WHERE id = ?'),
    head: db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM kb_revisions'),
    mark: db.prepare('INSERT INTO kb_review_marks (key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data'),
    marks: db.prepare<[], { data: string }>('SELECT data FROM kb_review_marks'),
    convsSince: db.prepare<[string], { id: string; data: string }>('SELECT id, data FROM conversations WHERE updated_at >= ? ORDER BY id'),
    msgsOf: db.prepare<[string], { conversation_id: string; data: string }>(
      'SELECT conversation_id, data FROM messages WHERE conversation_id IN (SELECT value FROM json_each(?)) ORDER BY conversation_id, seq',
    ),
  };

  // Check and insert in one transaction: SQLite serialises writers, so two saves cannot both pass the check.
  const append = db.transaction((rev: Omit<KbRevision, 'seq'>, expected: number | undefined): KbRevision => {
    if (expected !== undefined) {
      const current = q.latestOf.get(rev.entryId)?.seq ?? 0;
      if (current !== expected) throw new AppError('CONFLICT', 'the entry was changed by someone else since you opened it', { entry: rev.entryId, latest: current });
    }
    const seq = Number(q.insert.run(rev.id, rev.entryId, rev.at, '{}').lastInsertRowid);
    const saved: KbRevision = { seq, ...rev };
    q.setData.run(JSON.stringify(saved), seq);
    return saved;
  });

  const kbRevisions: KbRevisionRepo = {
    async append(rev, opts) {
      return append(rev, opts?.expectedLatest);
    },
    async latest() {
      return q.latest.all().map((r) => JSON.parse(r.data) as KbRevision);
    },
    async history(entryId, opts) {
      return q.history.all(entryId, opts?.limit ?? 1000).map((r) => JSON.parse(r.data) as KbRevision);
    },
    async get(id) {
      const row = q.get.get(id);
      return row ? (JSON.parse(row.data) as KbRevision) : null;
    },
    async head() {
      return q.head.get()?.seq ?? 0;
    },
  };

  const markMany = db.transaction((marks: ReviewMark[]) => {
    for (const m of marks) q.mark.run(m.key, JSON.stringify(m));
  });
  const kbReview: ReviewMarks = {
    async mark(marks) {
      markMany(marks);
    },
    async all() {
      return new Map(q.marks.all().map((r) => {
        const m = JSON.parse(r.data) as ReviewMark;
        return [m.key, m] as const;
      }));
    },
  };

  const activity: ActivityScan = {
    async *since(since, opts) {
      const batchSize = opts?.batchSize ?? 500;
      const convs = q.convsSince.all(since.toISOString());
      // One query per batch of conversations (ids passed as a JSON array), never one per conversation.
      for (let i = 0; i < convs.length; i += batchSize) {
        const slice = convs.slice(i, i + batchSize);
        const byConv = new Map<string, TranscriptMessage[]>(slice.map((c) => [c.id, []]));
        for (const row of q.msgsOf.all(JSON.stringify(slice.map((c) => c.id)))) byConv.get(row.conversation_id)?.push(JSON.parse(row.data) as TranscriptMessage);
        yield slice.map((c): ConversationActivity => ({ conversation: JSON.parse(c.data) as Conversation, messages: byConv.get(c.id) ?? [] }));
      }
    },
  };

  return { kbRevisions, kbReview, activity };
}
