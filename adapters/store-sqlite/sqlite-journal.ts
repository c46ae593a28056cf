import type { Database } from 'better-sqlite3';
import type { JournalEntry, PlannedSend, TurnJournal } from '../../src/core/journal.js';
import { migrateSet } from './schema.js';

const MIGRATIONS = [
  `CREATE TABLE journal (
     key TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     lease_until INTEGER NOT NULL,
     attempts INTEGER NOT NULL,
     received_at TEXT NOT NULL,
     inbound TEXT NOT NULL,
     planned TEXT
   );
   CREATE INDEX journal_lease ON journal (lease_until);`,
];

interface Row {
  key: string;
  owner: string;
  lease_until: number;
  attempts: number;
  received_at: string;
  inbound: string;
  planned: string | null;
}

function toEntry(r: Row): JournalEntry {
  return {
    key: r.key,
    owner: r.owner,
    leaseUntil: new Date(r.lease_until).toISOString(),
    attempts: r.attempts,
    receivedAt: r.received_at,
    inbound: JSON.parse(r.inbound) as JournalEntry['inbound'],
    planned: r.planned ? (JSON.parse(r.planned) as PlannedSend) : null,
  };
}

/** The turn journal in the embedded file; claims run in one transaction, so they cannot overlap. */
export function sqliteJournal(db: Database): { journal: TurnJournal } {
  migrateSet(db, 'journal', MIGRATIONS);
  const q = {
    begin: db.prepare(
      `INSERT INTO journal (key, owner, lease_until, attempts, received_at, inbound, planned) VALUES (@key, @owner, @leaseUntil, @attempts, @receivedAt, @inbound, NULL)
       ON CONFLICT(key) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until`,
    ),
    plan: db.prepare('UPDATE journal SET planned = ? WHERE key = ?'),
    finish: db.prepare('DELETE FROM journal WHERE key = ?'),
    release: db.prepare('UPDATE journal SET lease_until = 0 WHERE key = ?'),
    claimable: db.prepare<[number, number, string, number], Row>(
      'SELECT * FROM journal WHERE lease_until < ? OR (? = 1 AND owner <> ?) ORDER BY received_at ASC, key ASC LIMIT ?',
    ),
    take: db.prepare('UPDATE journal SET owner = ?, lease_until = ?, attempts = attempts + 1 WHERE key = ?'),
    all: db.prepare<[], Row>('SELECT * FROM journal ORDER BY received_at ASC, key ASC'),
  };
  const claim = db.transaction((owner: string, now: number, leaseUntil: number, takeOver: boolean, limit: number): JournalEntry[] => {
    const rows = q.claimable.all(now, takeOver ? 1 : 0, owner, limit);
    for (const r of rows) q.take.run(owner, leaseUntil, r.key);
    return rows.map((r) => toEntry({ ...r, owner, lease_until: leaseUntil, attempts: r.attempts + 1 }));
  });
  return {
    journal: {
      async begin(e) {
        q.begin.run({ key: e.key, owner: e.owner, leaseUntil: Date.parse(e.leaseUntil), attempts: e.attempts, receivedAt: e.receivedAt, inbound: JSON.stringify(e.inbound) });
      },
      async plan(key, planned) {
        q.plan.run(JSON.stringify(planned), key);
      },
      async finish(key) {
        q.finish.run(key);
      },
      async release(key) {
        q.release.run(key);
      },
      async claim(owner, now, leaseMs, opts = {}) {
        return claim(owner, now.getTime(), now.getTime() + leaseMs, opts.takeOver === true, opts.limit ?? 100);
      },
      async list() {
        return q.all.all().map(toEntry);
      },
    },
  };
}
