import { randomUUID } from 'node:crypto';
import type { Conversation, Status, TranscriptMessage } from '../../src/core/conversation.js';
import { AppError } from '../../src/core/errors.js';
import { KeyedMutex } from '../../src/core/keyed-mutex.js';
import type { ChannelId } from '../../src/core/message.js';
import type { ConversationRepo, InboundLog, Store, TurnLocks } from '../../src/core/ports.js';
import type { RedisClient } from './client.js';
import { redisStaff } from './redis-staff.js';
import { redisCampaigns } from './redis-campaigns.js';
import { redisJournal } from './redis-journal.js';
import { redisKb } from './redis-kb.js';

export { connectRedis, type RedisClient } from './client.js';


export interface RedisStoreOptions {
  /** Prefix of every key, so that several deployments (or test runs) can share one server. */
  prefix?: string;
  /** A turn holding the lock longer than this is presumed dead and its lock expires. */
  lockTtlMs?: number;
  /** How long a turn waits for another instance's turn on the same conversation. */
  lockWaitMs?: number;
}

const STATUSES: Status[] = ['bot', 'waiting', 'assigned', 'closed'];
// Message order lives in a list of ids, the messages in a hash: appending an id again updates it in place.
const APPEND = "if redis.call('hset', KEYS[2], ARGV[1], ARGV[2]) == 1 then redis.call('rpush', KEYS[1], ARGV[1]) end return 1";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";


/**
 * All state in Redis, so that several instances can share it. Conversations are JSON strings,
 * indexed by sorted sets (per status, ordered by last update) and a set per user for "forget me";
 * transcripts are lists; locks are SET NX PX with a token, released only by their owner.
 */
export function redisStore(client: RedisClient, opts: RedisStoreOptions = {}): Store {
  const p = opts.prefix ?? 'cz:';
  const lockTtl = opts.lockTtlMs ?? 30_000;
  const lockWait = opts.lockWaitMs ?? 15_000;
  const k = {
    conv: (id: string) => `${p}conv:${id}`,
    msgs: (id: string) => `${p}msgs:${id}`,
    msgData: (id: string) => `${p}msgdata:${id}`,
    all: `${p}convs:all`,
    status: (s: Status) => `${p}convs:status:${s}`,
    user: (channel: ChannelId, user: string) => `${p}user:${channel}:${user}`,
    inbound: (key: string) => `${p}inbound:${key}`,
    lock: (key: string) => `${p}lock:${key}`,
  };

  async function remove(ids: string[]): Promise<number> {
    let n = 0;
    for (const id of ids) {
      const raw = await client.get(k.conv(id));
      const multi = client.multi().del(k.conv(id)).del(k.msgs(id)).del(k.msgData(id)).zRem(k.all, id);
      for (const s of STATUSES) multi.zRem(k.status(s), id);
      if (raw) {
        const c = JSON.parse(raw) as Conversation;
        multi.sRem(k.user(c.address.channel, c.address.user), id);
        n++;
      }
      await multi.exec();
    }
    return n;
  }

  const conversations: ConversationRepo = {
    async get(id) {
      const raw = await client.get(k.conv(id));
      return raw ? (JSON.parse(raw) as Conversation) : null;
    },
    async save(c) {
      const score = Date.parse(c.updatedAt);
      const multi = client.multi().set(k.conv(c.id), JSON.stringify(c)).zAdd(k.all, { score, value: c.id });
      for (const s of STATUSES) if (s !== c.status) multi.zRem(k.status(s), c.id);
      multi.zAdd(k.status(c.status), { score, value: c.id }).sAdd(k.user(c.address.channel, c.address.user), c.id);
      await multi.exec();
    },
    async list(filter) {
      const ids = await client.zRange(filter.status ? k.status(filter.status) : k.all, 0, (filter.limit ?? 500) - 1);
      if (ids.length === 0) return [];
      const raws = await client.mGet(ids.map(k.conv));
      return raws.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as Conversation);
    },
    async appendMessage(m: TranscriptMessage) {
      await client.eval(APPEND, { keys: [k.msgs(m.conversationId), k.msgData(m.conversationId)], arguments: [m.id, JSON.stringify(m)] });
    },
    async messages(conversationId, opts) {
      const ids = await client.lRange(k.msgs(conversationId), opts?.limit ? -opts.limit : 0, -1);
      if (ids.length === 0) return [];
      const raws = await client.hmGet(k.msgData(conversationId), ids);
      return raws.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as TranscriptMessage);
    },
    async byUser(channel, user) {
      const ids = await client.sMembers(k.user(channel, user));
      if (ids.length === 0) return [];
      const raws = await client.mGet(ids.map(k.conv));
      return raws.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as Conversation);
    },
    async deleteByUser(channel, user) {
      return remove(await client.sMembers(k.user(channel, user)));
    },
    async deleteOlderThan(before) {
      return remove(await client.zRangeByScore(k.all, '-inf', `(${before.getTime()}`));
    },
  };

  const inbound: InboundLog = {
    async firstSeen(key, ttlSeconds) {
      return (await client.set(k.inbound(key), '1', { condition: 'NX', expiration: { type: 'EX', value: ttlSeconds } })) === 'OK';
    },
  };

  // Local turns queue in memory first, so that only one of them at a time polls Redis.
  const local = new KeyedMutex();
  const locks: TurnLocks = {
    withLock(key, fn) {
      return local.run(key, async () => {
        const token = randomUUID();
        const deadline = Date.now() + lockWait;
        let delay = 5;
        while ((await client.set(k.lock(key), token, { condition: 'NX', expiration: { type: 'PX', value: lockTtl } })) !== 'OK') {
          if (Date.now() > deadline) throw new AppError('LOCK_TIMEOUT', 'another turn holds this conversation', { key });
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 100);
        }
        try {
          return await fn();
        } finally {
          await client.eval(RELEASE, { keys: [k.lock(key)], arguments: [token] }).catch(() => undefined);
        }
      });
    },
  };

  return {
    kind: 'redis',
    conversations,
    inbound,
    locks,
    ...redisStaff(client, p),
    ...redisCampaigns(client, p),
    ...redisJournal(client, p),
    ...redisKb(client, p),
    async ping() {
      await client.ping();
    },
    async close() {
      // close(), not quit(): quit waits forever for a Redis that is down, and shutdown must not.
      if (client.isOpen) await client.close();
    },
  };
}
