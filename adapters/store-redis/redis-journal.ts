import type { JournalEntry, PlannedSend, TurnJournal } from '../../src/core/journal.js';
import type { RedisClient } from './client.js';

/**
 * Claims atomically, in one script, so that two instances sweeping at once never take the same
 * entry: the leases that ended (and with takeOver, every entry of another owner) move to the caller.
 * KEYS: lease zset, owner hash, attempts hash. ARGV: now, new lease, owner, takeOver, limit.
 */
const CLAIM = `
local now = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local limit = tonumber(ARGV[5])
local picked = {}
local seen = {}
local function take(key)
  if #picked >= limit or seen[key] then return end
  seen[key] = true
  redis.call('zadd', KEYS[1], lease, key)
  redis.call('hset', KEYS[2], key, ARGV[3])
  redis.call('hincrby', KEYS[3], key, 1)
  picked[#picked + 1] = key
end
for _, key in ipairs(redis.call('zrangebyscore', KEYS[1], '-inf', '(' .. now)) do take(key) end
if ARGV[4] == '1' then
  for _, key in ipairs(redis.call('zrange', KEYS[1], 0, -1)) do
    if redis.call('hget', KEYS[2], key) ~= ARGV[3] then take(key) end
  end
end
return picked`;

interface Stored {
  key: string;
  inbound: JournalEntry['inbound'];
  receivedAt: string;
}

/** The turn journal in Redis: the entry's fixed part in one hash, owner, attempts and plan in others, leases in a sorted set. */
export function redisJournal(client: RedisClient, p: string): { journal: TurnJournal } {
  const k = {
    data: `${p}journal:data`,
    planned: `${p}journal:planned`,
    owner: `${p}journal:owner`,
    attempts: `${p}journal:attempts`,
    lease: `${p}journal:lease`,
  };

  async function read(keys: string[]): Promise<JournalEntry[]> {
    if (keys.length === 0) return [];
    const [data, planned, owners, attempts, leases] = await Promise.all([
      client.hmGet(k.data, keys),
      client.hmGet(k.planned, keys),
      client.hmGet(k.owner, keys),
      client.hmGet(k.attempts, keys),
      Promise.all(keys.map((key) => client.zScore(k.lease, key))),
    ]);
    const out: JournalEntry[] = [];
    keys.forEach((key, i) => {
      const raw = data[i];
      if (typeof raw !== 'string') return;
      const s = JSON.parse(raw) as Stored;
      const plan = planned[i];
      out.push({
        key,
        inbound: s.inbound,
        receivedAt: s.receivedAt,
        owner: owners[i] ?? '',
        attempts: Number(attempts[i] ?? 1),
        leaseUntil: new Date(leases[i] ?? 0).toISOString(),
        planned: typeof plan === 'string' ? (JSON.parse(plan) as PlannedSend) : null,
      });
    });
    return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.key.localeCompare(b.key));
  }

  return {
    journal: {
      async begin(e) {
        const stored: Stored = { key: e.key, inbound: e.inbound, receivedAt: e.receivedAt };
        await client
          .multi()
          .hSetNX(k.data, e.key, JSON.stringify(stored))
          .hSetNX(k.attempts, e.key, String(e.attempts))
          .hSet(k.owner, e.key, e.owner)
          .zAdd(k.lease, { score: Date.parse(e.leaseUntil), value: e.key })
          .exec();
      },
      async plan(key, planned) {
        // Only while the entry exists: a plan written after finish() would linger forever.
        if ((await client.hExists(k.data, key)) === 1) await client.hSet(k.planned, key, JSON.stringify(planned));
      },
      async finish(key) {
        await client.multi().hDel(k.data, key).hDel(k.planned, key).hDel(k.owner, key).hDel(k.attempts, key).zRem(k.lease, key).exec();
      },
      async release(key) {
        await client.zAdd(k.lease, { score: 0, value: key }, { XX: true });
      },
      async claim(owner, now, leaseMs, opts = {}) {
        const picked = (await client.eval(CLAIM, {
          keys: [k.lease, k.owner, k.attempts],
          arguments: [String(now.getTime()), String(now.getTime() + leaseMs), owner, opts.takeOver ? '1' : '0', String(opts.limit ?? 100)],
        })) as string[];
        return read(picked);
      },
      async list() {
        return read(await client.zRange(k.lease, 0, -1));
      },
    },
  };
}
