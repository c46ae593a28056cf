import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Conversation, Status, TranscriptMessage } from '../../src/core/conversation.js';
import { KeyedMutex } from '../../src/core/keyed-mutex.js';
import type { ChannelId } from '../../src/core/message.js';
import type { ConversationRepo, InboundLog, Store, TurnLocks } from '../../src/core/ports.js';
import { migrate } from './schema.js';
import { sqliteStaff } from './sqlite-staff.js';
import { sqliteCampaigns } from './sqlite-campaigns.js';
import { sqliteJournal } from './sqlite-journal.js';
import { sqliteKb } from './sqlite-kb.js';

/**
 * The embedded default: one SQLite file, owned by one process. better-sqlite3 is synchronous and
 * fast (microseconds a statement), so the async port is a thin wrapper around it.
 */
export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);

  const q = {
    getConv: db.prepare<[string], { data: string }>('SELECT data FROM conversations WHERE id = ?'),
    saveConv: db.prepare(
      `INSERT INTO conversations (id, channel, user, status, updated_at, data) VALUES (@id, @channel, @user, @status, @updatedAt, @data)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, data = excluded.data`,
    ),
    listAll: db.prepare<[number], { data: string }>('SELECT data FROM conversations ORDER BY updated_at ASC LIMIT ?'),
    listByStatus: db.prepare<[string, number], { data: string }>('SELECT data FROM conversations WHERE status = ? ORDER BY updated_at ASC LIMIT ?'),
    appendMsg: db.prepare('INSERT INTO messages (id, conversation_id, at, data) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data'),
    msgs: db.prepare<[string, number], { data: string }>(
      'SELECT data FROM (SELECT seq, data FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq ASC',
    ),
    byUser: db.prepare<[string, string], { id: string }>('SELECT id FROM conversations WHERE channel = ? AND user = ?'),
    olderThan: db.prepare<[string], { id: string }>('SELECT id FROM conversations WHERE updated_at < ?'),
    deleteConv: db.prepare('DELETE FROM conversations WHERE id = ?'),
    deleteMsgs: db.prepare('DELETE FROM messages WHERE conversation_id = ?'),
    firstSeen: db.prepare('INSERT INTO inbound (key, expires_at) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET expires_at = excluded.expires_at WHERE inbound.expires_at < ?'),
    pruneInbound: db.prepare('DELETE FROM inbound WHERE expires_at < ?'),
  };

  const deleteIds = db.transaction((ids: string[]) => {
    for (const id of ids) {
      q.deleteMsgs.run(id);
      q.deleteConv.run(id);
    }
    return ids.length;
  });

  const conversations: ConversationRepo = {
    async get(id) {
      const row = q.getConv.get(id);
      return row ? (JSON.parse(row.data) as Conversation) : null;
    },
    async save(c) {
      q.saveConv.run({ id: c.id, channel: c.address.channel, user: c.address.user, status: c.status, updatedAt: c.updatedAt, data: JSON.stringify(c) });
    },
    async list(filter: { status?: Status; limit?: number }) {
      const limit = filter.limit ?? 500;
      const rows = filter.status ? q.listByStatus.all(filter.status, limit) : q.listAll.all(limit);
      return rows.map((r) => JSON.parse(r.data) as Conversation);
    },
    async appendMessage(m: TranscriptMessage) {
      q.appendMsg.run(m.id, m.conversationId, m.at, JSON.stringify(m));
    },
    async messages(conversationId, opts) {
      return q.msgs.all(conversationId, opts?.limit ?? 1_000_000).map((r) => JSON.parse(r.data) as TranscriptMessage);
    },
    async byUser(channel: ChannelId, user: string) {
      return q.byUser.all(channel, user).flatMap((r) => {
        const row = q.getConv.get(r.id);
        return row ? [JSON.parse(row.data) as Conversation] : [];
      });
    },
    async deleteByUser(channel: ChannelId, user: string) {
      return deleteIds(q.byUser.all(channel, user).map((r) => r.id));
    },
    async deleteOlderThan(before: Date) {
      return deleteIds(q.olderThan.all(before.toISOString()).map((r) => r.id));
    },
  };

  let sinceEviction = 0;
  const inbound: InboundLog = {
    async firstSeen(key, ttlSeconds) {
      const now = Date.now();
      // Expired keys are pruned now and then rather than on every message.
      if (++sinceEviction >= 1000) {
        sinceEviction = 0;
        q.pruneInbound.run(now);
      }
      return q.firstSeen.run(key, now + ttlSeconds * 1000, now).changes > 0;
    },
  };

  const mutex = new KeyedMutex();
  const locks: TurnLocks = { withLock: (key, fn) => mutex.run(key, fn) };

  return {
    kind: 'sqlite',
    conversations,
    inbound,
    locks,
    ...sqliteStaff(db),
    ...sqliteCampaigns(db),
    ...sqliteJournal(db),
    ...sqliteKb(db),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
