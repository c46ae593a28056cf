import {
  DELIVERY_STATUSES,
  emptyCounts,
  subscriberKey,
  type Announcement,
  type AnnouncementRepo,
  type AnnouncementStatus,
  type Delivery,
  type DeliveryCounts,
  type DeliveryStatus,
  type Subscription,
  type SubscriptionRepo,
} from '../../src/core/campaigns.js';
import type { ChannelId } from '../../src/core/message.js';
import type { RedisClient } from './client.js';
import { ADD, CLAIM, CLOSE, FINISH, TRANSITION } from './redis-campaign-scripts.js';

const ERROR_SEP = '\n';
const FINAL_WITH_REASON = new Set<DeliveryStatus>(['template', 'failed', 'dropped', 'unconfirmed']);

/**
 * Subscriptions (a JSON string each, a set per topic), announcements (a hash: status and data)
 * and deliveries (per announcement: status, data, counters and failure reasons in hashes; a sorted
 * set of due deliveries per channel; a set of announcements per recipient, for "forget me").
 */
export function redisCampaigns(client: RedisClient, p: string): { subscriptions: SubscriptionRepo; announcements: AnnouncementRepo } {
  const k = {
    sub: (key: string) => `${p}sub:${key}`,
    topic: (topic: string) => `${p}subs:topic:${topic}`,
    topics: `${p}subs:topics`,
    ann: (id: string) => `${p}ann:${id}`,
    anns: `${p}anns`,
    annStatus: (s: AnnouncementStatus) => `${p}anns:status:${s}`,
    finished: `${p}anns:finished`,
    status: (id: string) => `${p}ann:${id}:s`,
    data: (id: string) => `${p}ann:${id}:d`,
    counts: (id: string) => `${p}ann:${id}:n`,
    errors: (id: string) => `${p}ann:${id}:e`,
    due: (channel: ChannelId) => `${p}ann:due:${channel}`,
    user: (key: string) => `${p}ann:user:${key}`,
  };
  const member = (id: string, key: string) => `${id}\n${key}`;
  const channelOf = (key: string): ChannelId => key.slice(0, key.indexOf(':')) as ChannelId;
  const errorField = (status: DeliveryStatus, error: string | null) => (error && FINAL_WITH_REASON.has(status) ? `${status}${ERROR_SEP}${error}` : '');

  async function readDelivery(id: string, key: string): Promise<Delivery | null> {
    const [raw, status] = await Promise.all([client.hGet(k.data(id), key), client.hGet(k.status(id), key)]);
    return raw && status ? { ...(JSON.parse(raw) as Delivery), status: status as DeliveryStatus } : null;
  }

  async function getAnn(id: string): Promise<Announcement | null> {
    const raw = await client.hGet(k.ann(id), 'data');
    return raw ? (JSON.parse(raw) as Announcement) : null;
  }

  async function counts(id: string): Promise<DeliveryCounts> {
    const raw = await client.hGetAll(k.counts(id));
    const c = emptyCounts();
    for (const s of DELIVERY_STATUSES) c[s] = Number(raw[s] ?? 0);
    return c;
  }

  /** Closes open deliveries matching `only` (1: pending, 2: sending) of one announcement. */
  async function closeAll(id: string, only: '1' | '2', to: DeliveryStatus, error: string | null, now: Date): Promise<number> {
    const statuses = await client.hGetAll(k.status(id));
    const want = only === '1' ? 'pending' : 'sending';
    let n = 0;
    for (const [key, status] of Object.entries(statuses)) {
      if (status !== want) continue;
      const d = await readDelivery(id, key);
      if (!d) continue;
      const json = JSON.stringify({ ...d, status: to, error: error ?? d.error, updatedAt: now.toISOString() });
      n += Number(
        await client.eval(CLOSE, {
          keys: [k.status(id), k.data(id), k.counts(id), k.due(channelOf(key)), k.errors(id)],
          arguments: [key, member(id, key), to, only, errorField(to, error), 'close', json],
        }),
      );
    }
    return n;
  }

  const subscriptions: SubscriptionRepo = {
    async get(channel, user) {
      const raw = await client.get(k.sub(subscriberKey(channel, user)));
      return raw ? (JSON.parse(raw) as Subscription) : null;
    },
    async save(s) {
      const key = subscriberKey(s.channel, s.user);
      const old = await subscriptions.get(s.channel, s.user);
      const multi = client.multi();
      for (const t of old?.topics ?? []) if (!s.topics.includes(t)) multi.sRem(k.topic(t), key);
      if (s.topics.length === 0) multi.del(k.sub(key));
      else {
        multi.set(k.sub(key), JSON.stringify(s));
        for (const t of s.topics) multi.sAdd(k.topic(t), key).sAdd(k.topics, t);
      }
      await multi.exec();
    },
    async deleteByUser(channel, user) {
      const old = await subscriptions.get(channel, user);
      if (!old) return false;
      const key = subscriberKey(channel, user);
      const multi = client.multi().del(k.sub(key));
      for (const t of old.topics) multi.sRem(k.topic(t), key);
      await multi.exec();
      return true;
    },
    async byTopics(topics) {
      if (topics.length === 0) return [];
      const keys = (await client.sUnion(topics.map(k.topic))).sort();
      const out: Subscription[] = [];
      for (let i = 0; i < keys.length; i += 500) {
        const raws = await client.mGet(keys.slice(i, i + 500).map(k.sub));
        for (const raw of raws) if (typeof raw === 'string') out.push(JSON.parse(raw) as Subscription);
      }
      return out;
    },
    async counts() {
      const topics = await client.sMembers(k.topics);
      const result: Record<string, number> = {};
      for (const t of topics) {
        const n = await client.sCard(k.topic(t));
        if (n > 0) result[t] = n;
      }
      return result;
    },
  };

  const announcements: AnnouncementRepo = {
    async create(a) {
      await client
        .multi()
        .hSet(k.ann(a.id), { status: a.status, data: JSON.stringify(a) })
        .zAdd(k.anns, { score: Date.parse(a.createdAt), value: a.id })
        .sAdd(k.annStatus(a.status), a.id)
        .exec();
    },
    async save(a) {
      const old = await getAnn(a.id);
      const multi = client.multi().hSet(k.ann(a.id), { status: a.status, data: JSON.stringify(a) });
      if (old && old.status !== a.status) multi.sRem(k.annStatus(old.status), a.id);
      multi.sAdd(k.annStatus(a.status), a.id);
      if (a.finishedAt) multi.zAdd(k.finished, { score: Date.parse(a.finishedAt), value: a.id });
      await multi.exec();
    },
    get: getAnn,
    async list(limit) {
      const ids = await client.zRange(k.anns, 0, limit - 1, { REV: true });
      const out: Announcement[] = [];
      for (const id of ids) {
        const a = await getAnn(id);
        if (a) out.push(a);
      }
      return out;
    },
    async byStatus(status) {
      const out: Announcement[] = [];
      for (const id of await client.sMembers(k.annStatus(status))) {
        const a = await getAnn(id);
        if (a && a.status === status) out.push(a);
      }
      return out.sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    },
    async transition(id, from, to, patch = {}) {
      // Optimistic: read, check, and write only if nobody changed the status in between.
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await getAnn(id);
        if (!current || !from.includes(current.status)) return null;
        const next: Announcement = { ...current, ...patch, id, status: to };
        const ok = await client.eval(TRANSITION, {
          keys: [k.ann(id), k.annStatus(current.status), k.annStatus(to), k.finished],
          arguments: [current.status, to, JSON.stringify(next), id, next.finishedAt ? String(Date.parse(next.finishedAt)) : ''],
        });
        if (Number(ok) === 1) return next;
      }
      return null;
    },
    async addDeliveries(ds) {
      let added = 0;
      for (let i = 0; i < ds.length; i += 200) {
        const results = await Promise.all(
          ds.slice(i, i + 200).map((d) =>
            client.eval(ADD, {
              keys: [k.status(d.announcementId), k.data(d.announcementId), k.counts(d.announcementId), k.due(d.address.channel), k.user(d.key), k.errors(d.announcementId)],
              arguments: [d.key, d.status, JSON.stringify(d), String(Date.parse(d.nextAt)), member(d.announcementId, d.key), d.announcementId, errorField(d.status, d.error)],
            }),
          ),
        );
        added += results.reduce<number>((n, r) => n + Number(r), 0);
      }
      return added;
    },
    getDelivery: readDelivery,
    async pendingKeys(id) {
      const statuses = await client.hGetAll(k.status(id));
      return Object.entries(statuses)
        .filter(([, s]) => s === 'pending')
        .map(([key]) => key)
        .sort();
    },
    async claim(id, key, now) {
      const d = await readDelivery(id, key);
      if (!d) return { claimed: false, delivery: null };
      const next: Delivery = { ...d, status: 'sending', attempts: d.attempts + 1, updatedAt: now.toISOString() };
      const r = String(
        await client.eval(CLAIM, { keys: [k.status(id), k.data(id), k.counts(id), k.due(channelOf(key))], arguments: [key, member(id, key), JSON.stringify(next)] }),
      );
      if (r === 'claimed') return { claimed: true, delivery: next };
      return { claimed: false, delivery: r === '' ? null : { ...d, status: r as DeliveryStatus } };
    },
    async finish(id, key, outcome, now) {
      const d = await readDelivery(id, key);
      const next = d ? { ...d, status: outcome.status, error: outcome.error, nextAt: outcome.nextAt ?? d.nextAt, updatedAt: now.toISOString() } : null;
      const open = await client.eval(FINISH, {
        keys: [k.status(id), k.data(id), k.counts(id), k.due(channelOf(key)), k.errors(id)],
        arguments: [key, member(id, key), outcome.status, JSON.stringify(next), String(Date.parse(next?.nextAt ?? now.toISOString())), errorField(outcome.status, outcome.error)],
      });
      return Number(open);
    },
    counts,
    async due(channel, now, limit) {
      const members = await client.zRangeByScore(k.due(channel), '-inf', now.getTime(), { LIMIT: { offset: 0, count: limit } });
      const out: Delivery[] = [];
      for (const m of members) {
        const [id, key] = [m.slice(0, m.indexOf('\n')), m.slice(m.indexOf('\n') + 1)];
        const d = await readDelivery(id, key);
        if (d && d.status === 'pending') out.push(d);
      }
      return out;
    },
    async abandonSending(now) {
      let n = 0;
      for (const a of await announcements.byStatus('sending')) n += await closeAll(a.id, '2', 'unconfirmed', 'the service stopped while this was being sent', now);
      for (const a of await announcements.byStatus('cancelled')) n += await closeAll(a.id, '2', 'unconfirmed', 'the service stopped while this was being sent', now);
      return n;
    },
    async cancelPending(id, now) {
      return closeAll(id, '1', 'cancelled', null, now);
    },
    async errors(id) {
      const raw = await client.hGetAll(k.errors(id));
      return Object.entries(raw)
        .map(([field, n]) => {
          const at = field.indexOf(ERROR_SEP);
          return { status: field.slice(0, at) as DeliveryStatus, error: field.slice(at + 1), count: Number(n) };
        })
        .sort((a, b) => b.count - a.count)
        .slice(0, 20);
    },
    async forgetRecipient(channel, user) {
      const key = subscriberKey(channel, user);
      const ids = await client.sMembers(k.user(key));
      let n = 0;
      for (const id of ids) {
        n += Number(
          await client.eval(CLOSE, {
            keys: [k.status(id), k.data(id), k.counts(id), k.due(channel), k.errors(id)],
            arguments: [key, member(id, key), 'cancelled', '0', '', 'forget', ''],
          }),
        );
      }
      await client.del(k.user(key));
      return n;
    },
    async deliveriesOf(channel, user) {
      const key = subscriberKey(channel, user);
      const out: Delivery[] = [];
      for (const id of (await client.sMembers(k.user(key))).sort()) {
        const d = await readDelivery(id, key);
        if (d) out.push(d);
      }
      return out;
    },
    async pruneDeliveries(before) {
      const ids = await client.zRangeByScore(k.finished, '-inf', `(${before.getTime()}`);
      let n = 0;
      for (const id of ids) {
        const a = await getAnn(id);
        if (a && !a.totals) await announcements.save({ ...a, totals: await counts(id) });
        const keys = await client.hKeys(k.status(id));
        const multi = client.multi().del(k.status(id)).del(k.data(id)).zRem(k.finished, id);
        for (const key of keys) multi.sRem(k.user(key), id);
        await multi.exec();
        n += keys.length;
      }
      return n;
    },
  };

  return { subscriptions, announcements };
}

