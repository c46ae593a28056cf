import type { ActivityScan, ConversationActivity } from '../../src/core/activity.js';
import type { Conversation, TranscriptMessage } from '../../src/core/conversation.js';
import { AppError } from '../../src/core/errors.js';
import type { KbRevision, KbRevisionRepo, ReviewMark, ReviewMarks } from '../../src/core/kb-revisions.js';
import type { RedisClient } from './client.js';

/**
 * Check the entry's latest seq, take the next seq, and store the revision in one script, so
 * that two instances saving the same entry at once cannot both win. The seq is spliced into the
 * JSON here rather than re-encoded (cjson would turn an empty list into an object).
 */
const APPEND = `
if ARGV[4] ~= '' then
  local cur = tonumber(redis.call('hget', KEYS[5], ARGV[2]) or '0')
  if cur ~= tonumber(ARGV[4]) then return {0, cur} end
end
local seq = redis.call('incr', KEYS[1])
local json = '{"seq":' .. seq .. ',' .. string.sub(ARGV[3], 2)
redis.call('hset', KEYS[2], ARGV[1], json)
redis.call('lpush', KEYS[3], ARGV[1])
redis.call('hset', KEYS[4], ARGV[2], json)
redis.call('hset', KEYS[5], ARGV[2], seq)
return {1, seq}`;

/**
 * Revisions (a hash by id, a list per entry, the latest per entry in a hash), review marks (a
 * hash), and the bulk read of recent conversations, which follows the key layout of redis-store.ts.
 */
export function redisKb(client: RedisClient, p: string): { kbRevisions: KbRevisionRepo; kbReview: ReviewMarks; activity: ActivityScan } {
  const k = {
    seq: `${p}kbrev:seq`,
    data: `${p}kbrev:data`,
    entry: (id: string) => `${p}kbrev:entry:${id}`,
    latest: `${p}kbrev:latest`,
    latestSeq: `${p}kbrev:latestseq`,
    marks: `${p}kbreview`,
    // Owned by redis-store.ts; read here only.
    conv: (id: string) => `${p}conv:${id}`,
    msgs: (id: string) => `${p}msgs:${id}`,
    msgData: (id: string) => `${p}msgdata:${id}`,
    all: `${p}convs:all`,
  };

  const kbRevisions: KbRevisionRepo = {
    async append(rev, opts) {
      const expected = opts?.expectedLatest === undefined ? '' : String(opts.expectedLatest);
      const result = (await client.eval(APPEND, {
        keys: [k.seq, k.data, k.entry(rev.entryId), k.latest, k.latestSeq],
        arguments: [rev.id, rev.entryId, JSON.stringify(rev), expected],
      })) as [number, number];
      if (result[0] === 0) throw new AppError('CONFLICT', 'the entry was changed by someone else since you opened it', { entry: rev.entryId, latest: result[1] });
      return { seq: result[1], ...rev };
    },
    async latest() {
      const all = Object.values(await client.hGetAll(k.latest)).map((r) => JSON.parse(r) as KbRevision);
      return all.sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
    },
    async history(entryId, opts) {
      const ids = await client.lRange(k.entry(entryId), 0, (opts?.limit ?? 1000) - 1);
      if (ids.length === 0) return [];
      const raws = await client.hmGet(k.data, ids);
      return raws.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as KbRevision);
    },
    async get(id) {
      const raw = await client.hGet(k.data, id);
      return raw ? (JSON.parse(raw) as KbRevision) : null;
    },
    async head() {
      return Number((await client.get(k.seq)) ?? 0);
    },
  };

  const kbReview: ReviewMarks = {
    async mark(marks: ReviewMark[]) {
      if (marks.length === 0) return;
      await client.hSet(k.marks, Object.fromEntries(marks.map((m) => [m.key, JSON.stringify(m)])));
    },
    async all() {
      const raw = await client.hGetAll(k.marks);
      return new Map(Object.entries(raw).map(([key, v]) => [key, JSON.parse(v) as ReviewMark]));
    },
  };

  const activity: ActivityScan = {
    async *since(since, opts) {
      const batchSize = opts?.batchSize ?? 200;
      const ids = await client.zRangeByScore(k.all, since.getTime(), '+inf');
      for (let i = 0; i < ids.length; i += batchSize) {
        const slice = ids.slice(i, i + batchSize);
        // Issued together, node-redis pipelines them: one round trip per batch, not per conversation.
        const [convs, transcripts] = await Promise.all([
          client.mGet(slice.map(k.conv)),
          Promise.all(slice.map((id) => Promise.all([client.lRange(k.msgs(id), 0, -1), client.hGetAll(k.msgData(id))]))),
        ]);
        const batch: ConversationActivity[] = [];
        slice.forEach((_id, n) => {
          const raw = convs[n];
          const t = transcripts[n];
          if (typeof raw !== 'string' || !t) return;
          const [order, data] = t;
          const messages = order.map((mid) => data[mid]).filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as TranscriptMessage);
          batch.push({ conversation: JSON.parse(raw) as Conversation, messages });
        });
        if (batch.length > 0) yield batch;
      }
    },
  };

  return { kbRevisions, kbReview, activity };
}
