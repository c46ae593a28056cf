import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  DELIVERY_STATUSES,
  emptyCounts,
  subscriberKey,
  type Announcement,
  type AnnouncementRepo,
  type Delivery,
  type DeliveryStatus,
  type Subscription,
  type SubscriptionRepo,
} from '../../src/core/campaigns.js';
import type { ChannelId } from '../../src/core/message.js';
import { migrateSet } from './schema.js';

/**
 * Subscriptions, announcements and per-recipient deliveries in the embedded store. The columns
 * next to `data` are what queries filter on; `status` and `next_at` are the truth for a delivery
 * (its JSON is refreshed with them on every change).
 */
const MIGRATIONS = [
  `CREATE TABLE subscriptions (key TEXT PRIMARY KEY, channel TEXT NOT NULL, user TEXT NOT NULL, data TEXT NOT NULL);
   CREATE TABLE subscription_topics (topic TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (topic, key));
   CREATE INDEX subscription_topics_key ON subscription_topics (key);
   CREATE TABLE announcements (id TEXT PRIMARY KEY, status TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT, data TEXT NOT NULL);
   CREATE INDEX announcements_status ON announcements (status);
   CREATE INDEX announcements_created ON announcements (created_at);
   CREATE TABLE deliveries (
     announcement_id TEXT NOT NULL,
     key TEXT NOT NULL,
     channel TEXT NOT NULL,
     status TEXT NOT NULL,
     next_at INTEGER NOT NULL,
     error TEXT,
     data TEXT NOT NULL,
     PRIMARY KEY (announcement_id, key)
   );
   CREATE INDEX deliveries_due ON deliveries (channel, status, next_at);
   CREATE INDEX deliveries_status ON deliveries (status);
   CREATE INDEX deliveries_key ON deliveries (key);`,
  // Every recorded outcome asks how many are still open: an index, not a scan of the announcement.
  `CREATE INDEX deliveries_open ON deliveries (announcement_id, status);`,
];

interface DeliveryRow {
  status: string;
  data: string;
}

function toDelivery(row: DeliveryRow): Delivery {
  return { ...(JSON.parse(row.data) as Delivery), status: row.status as DeliveryStatus };
}

export function sqliteCampaigns(db: Database): { subscriptions: SubscriptionRepo; announcements: AnnouncementRepo } {
  migrateSet(db, 'campaigns', MIGRATIONS);
  const q = {
    subGet: db.prepare<[string], { data: string }>('SELECT data FROM subscriptions WHERE key = ?'),
    subUpsert: db.prepare('INSERT INTO subscriptions (key, channel, user, data) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data'),
    subDelete: db.prepare('DELETE FROM subscriptions WHERE key = ?'),
    topicsDelete: db.prepare('DELETE FROM subscription_topics WHERE key = ?'),
    topicInsert: db.prepare('INSERT OR IGNORE INTO subscription_topics (topic, key) VALUES (?, ?)'),
    topicCounts: db.prepare<[], { topic: string; n: number }>('SELECT topic, COUNT(*) AS n FROM subscription_topics GROUP BY topic'),
    annInsert: db.prepare('INSERT INTO announcements (id, status, created_at, finished_at, data) VALUES (?, ?, ?, ?, ?)'),
    annUpdate: db.prepare('UPDATE announcements SET status = ?, finished_at = ?, data = ? WHERE id = ?'),
    annGet: db.prepare<[string], { data: string }>('SELECT data FROM announcements WHERE id = ?'),
    annList: db.prepare<[number], { data: string }>('SELECT data FROM announcements ORDER BY created_at DESC, id DESC LIMIT ?'),
    annByStatus: db.prepare<[string], { data: string }>('SELECT data FROM announcements WHERE status = ? ORDER BY created_at ASC'),
    annFinishedBefore: db.prepare<[string], { id: string }>('SELECT id FROM announcements WHERE finished_at IS NOT NULL AND finished_at < ?'),
    dInsert: db.prepare('INSERT OR IGNORE INTO deliveries (announcement_id, key, channel, status, next_at, error, data) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    dGet: db.prepare<[string, string], DeliveryRow>('SELECT status, data FROM deliveries WHERE announcement_id = ? AND key = ?'),
    dSet: db.prepare('UPDATE deliveries SET status = ?, next_at = ?, error = ?, data = ? WHERE announcement_id = ? AND key = ?'),
    dPendingKeys: db.prepare<[string], { key: string }>("SELECT key FROM deliveries WHERE announcement_id = ? AND status = 'pending' ORDER BY key"),
    dOpen: db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE announcement_id = ? AND status IN ('pending', 'sending')"),
    dCounts: db.prepare<[string], { status: string; n: number }>('SELECT status, COUNT(*) AS n FROM deliveries WHERE announcement_id = ? GROUP BY status'),
    dDue: db.prepare<[string, number, number], DeliveryRow>("SELECT status, data FROM deliveries WHERE channel = ? AND status = 'pending' AND next_at <= ? ORDER BY next_at, announcement_id, key LIMIT ?"),
    dSending: db.prepare<[], DeliveryRow & { announcement_id: string; key: string }>("SELECT announcement_id, key, status, data FROM deliveries WHERE status = 'sending'"),
    dPendingOf: db.prepare<[string], DeliveryRow & { key: string }>("SELECT key, status, data FROM deliveries WHERE announcement_id = ? AND status = 'pending'"),
    dErrors: db.prepare<[string], { status: string; error: string; n: number }>(
      "SELECT status, error, COUNT(*) AS n FROM deliveries WHERE announcement_id = ? AND error IS NOT NULL AND status NOT IN ('pending', 'sending') GROUP BY status, error ORDER BY n DESC LIMIT 20",
    ),
    dOfKey: db.prepare<[string], DeliveryRow & { announcement_id: string }>('SELECT announcement_id, status, data FROM deliveries WHERE key = ?'),
    dRekey: db.prepare('UPDATE deliveries SET key = ?, status = ?, data = ? WHERE announcement_id = ? AND key = ?'),
    dDeleteOf: db.prepare('DELETE FROM deliveries WHERE announcement_id = ?'),
  };

  const readSub = (row: { data: string } | undefined): Subscription | null => (row ? (JSON.parse(row.data) as Subscription) : null);
  const readAnn = (row: { data: string } | undefined): Announcement | null => (row ? (JSON.parse(row.data) as Announcement) : null);
  const writeAnn = (a: Announcement) => q.annUpdate.run(a.status, a.finishedAt, JSON.stringify(a), a.id);

  const saveSub = db.transaction((s: Subscription) => {
    const key = subscriberKey(s.channel, s.user);
    q.topicsDelete.run(key);
    if (s.topics.length === 0) {
      q.subDelete.run(key);
      return;
    }
    q.subUpsert.run(key, s.channel, s.user, JSON.stringify(s));
    for (const t of new Set(s.topics)) q.topicInsert.run(t, key);
  });

  const setDelivery = (d: Delivery) => q.dSet.run(d.status, Date.parse(d.nextAt), d.error, JSON.stringify(d), d.announcementId, d.key);

  const countsOf = (id: string) => {
    const counts = emptyCounts();
    for (const r of q.dCounts.all(id)) if ((DELIVERY_STATUSES as readonly string[]).includes(r.status)) counts[r.status as DeliveryStatus] = r.n;
    return counts;
  };

  const subscriptions: SubscriptionRepo = {
    async get(channel, user) {
      return readSub(q.subGet.get(subscriberKey(channel, user)));
    },
    async save(s) {
      saveSub(s);
    },
    async deleteByUser(channel, user) {
      const key = subscriberKey(channel, user);
      q.topicsDelete.run(key);
      return q.subDelete.run(key).changes > 0;
    },
    async byTopics(topics) {
      if (topics.length === 0) return [];
      const marks = topics.map(() => '?').join(', ');
      const rows = db
        .prepare<string[], { data: string }>(`SELECT data FROM subscriptions WHERE key IN (SELECT key FROM subscription_topics WHERE topic IN (${marks})) ORDER BY key`)
        .all(...topics);
      return rows.map((r) => JSON.parse(r.data) as Subscription);
    },
    async counts() {
      return Object.fromEntries(q.topicCounts.all().map((r) => [r.topic, r.n]));
    },
  };

  const transition = db.transaction((id: string, from: readonly string[], to: Announcement['status'], patch: Partial<Announcement>) => {
    const current = readAnn(q.annGet.get(id));
    if (!current || !from.includes(current.status)) return null;
    const next: Announcement = { ...current, ...patch, id, status: to };
    writeAnn(next);
    return next;
  });

  const claim = db.transaction((id: string, key: string, now: Date) => {
    const row = q.dGet.get(id, key);
    if (!row) return { claimed: false, delivery: null };
    const d = toDelivery(row);
    if (d.status !== 'pending') return { claimed: false, delivery: d };
    const next: Delivery = { ...d, status: 'sending', attempts: d.attempts + 1, updatedAt: now.toISOString() };
    setDelivery(next);
    return { claimed: true, delivery: next };
  });

  const finish = db.transaction((id: string, key: string, outcome: { status: DeliveryStatus; error: string | null; nextAt?: string }, now: Date) => {
    const row = q.dGet.get(id, key);
    // A record cancelled meanwhile (the announcement, or "forget me") keeps that status.
    if (row && (row.status === 'sending' || row.status === 'pending')) {
      const d = toDelivery(row);
      setDelivery({ ...d, status: outcome.status, error: outcome.error, nextAt: outcome.nextAt ?? d.nextAt, updatedAt: now.toISOString() });
    }
    return q.dOpen.get(id)?.n ?? 0;
  });

  const addDeliveries = db.transaction((ds: Delivery[]) => {
    let added = 0;
    for (const d of ds) added += q.dInsert.run(d.announcementId, d.key, d.address.channel, d.status, Date.parse(d.nextAt), d.error, JSON.stringify(d)).changes;
    return added;
  });

  const abandon = db.transaction((now: Date) => {
    const rows = q.dSending.all();
    for (const r of rows) setDelivery({ ...toDelivery(r), status: 'unconfirmed', error: 'the service stopped while this was being sent', updatedAt: now.toISOString() });
    return rows.length;
  });

  const cancelPending = db.transaction((id: string, now: Date) => {
    const rows = q.dPendingOf.all(id);
    for (const r of rows) setDelivery({ ...toDelivery(r), status: 'cancelled', updatedAt: now.toISOString() });
    return rows.length;
  });

  const forget = db.transaction((channel: ChannelId, user: string) => {
    const rows = q.dOfKey.all(subscriberKey(channel, user));
    for (const r of rows) {
      const d = toDelivery(r);
      // A new key that points at nobody keeps the row (and so the counts) without the person.
      const anonymous = `forgotten:${randomUUID()}`;
      const status: DeliveryStatus = d.status === 'pending' || d.status === 'sending' ? 'cancelled' : d.status;
      const scrubbed: Delivery = { ...d, key: anonymous, address: { channel, thread: '', user: '' }, status };
      q.dRekey.run(anonymous, status, JSON.stringify(scrubbed), r.announcement_id, d.key);
    }
    return rows.length;
  });

  const prune = db.transaction((before: Date) => {
    let n = 0;
    for (const { id } of q.annFinishedBefore.all(before.toISOString())) {
      const a = readAnn(q.annGet.get(id));
      if (a && !a.totals) writeAnn({ ...a, totals: countsOf(id) });
      n += q.dDeleteOf.run(id).changes;
    }
    return n;
  });

  const announcements: AnnouncementRepo = {
    async create(a) {
      q.annInsert.run(a.id, a.status, a.createdAt, a.finishedAt, JSON.stringify(a));
    },
    async save(a) {
      writeAnn(a);
    },
    async get(id) {
      return readAnn(q.annGet.get(id));
    },
    async list(limit) {
      return q.annList.all(limit).map((r) => JSON.parse(r.data) as Announcement);
    },
    async byStatus(status) {
      return q.annByStatus.all(status).map((r) => JSON.parse(r.data) as Announcement);
    },
    async transition(id, from, to, patch = {}) {
      return transition(id, from, to, patch);
    },
    async addDeliveries(ds) {
      return addDeliveries(ds);
    },
    async getDelivery(id, key) {
      const row = q.dGet.get(id, key);
      return row ? toDelivery(row) : null;
    },
    async pendingKeys(id) {
      return q.dPendingKeys.all(id).map((r) => r.key);
    },
    async claim(id, key, now) {
      return claim(id, key, now);
    },
    async finish(id, key, outcome, now) {
      return finish(id, key, outcome, now);
    },
    async counts(id) {
      return countsOf(id);
    },
    async due(channel, now, limit) {
      return q.dDue.all(channel, now.getTime(), limit).map(toDelivery);
    },
    async abandonSending(now) {
      return abandon(now);
    },
    async cancelPending(id, now) {
      return cancelPending(id, now);
    },
    async errors(id) {
      return q.dErrors.all(id).map((r) => ({ status: r.status as DeliveryStatus, error: r.error, count: r.n }));
    },
    async forgetRecipient(channel, user) {
      return forget(channel, user);
    },
    async deliveriesOf(channel, user) {
      return q.dOfKey.all(subscriberKey(channel, user)).map(toDelivery);
    },
    async pruneDeliveries(before) {
      return prune(before);
    },
  };

  return { subscriptions, announcements };
}
