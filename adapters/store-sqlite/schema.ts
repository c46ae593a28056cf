import type { Database } from 'better-sqlite3';

/**
 * Numbered migrations, applied in order and recorded, so that an upgraded service opens an older
 * file without losing anything. The core's set is recorded in user_version; each feature keeps
 * its own named set (migrateSet) so that features can grow their tables independently.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE conversations (
     id TEXT PRIMARY KEY,
     channel TEXT NOT NULL,
     user TEXT NOT NULL,
     status TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX conversations_status ON conversations (status, updated_at);
   CREATE INDEX conversations_user ON conversations (channel, user);
   CREATE INDEX conversations_updated ON conversations (updated_at);
   CREATE TABLE messages (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     conversation_id TEXT NOT NULL,
     at TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX messages_conversation ON messages (conversation_id, seq);
   CREATE TABLE inbound (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);`,
  `CREATE TABLE staff (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE, data TEXT NOT NULL);
   CREATE TABLE sessions (id TEXT PRIMARY KEY, staff_id TEXT NOT NULL, expires_at TEXT NOT NULL, data TEXT NOT NULL);
   CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, target TEXT, data TEXT NOT NULL);
   CREATE INDEX audit_target ON audit (target, seq);`,
];

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** A feature's own migrations (e.g. "kb", "campaigns"), recorded per name in schema_versions. */
export function migrateSet(db: Database, name: string, migrations: readonly string[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const row = db.prepare<[string], { version: number }>('SELECT version FROM schema_versions WHERE name = ?').get(name);
  for (let v = row?.version ?? 0; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v] ?? '');
      db.prepare('INSERT INTO schema_versions (name, version) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET version = excluded.version').run(name, v + 1);
    })();
  }
}
