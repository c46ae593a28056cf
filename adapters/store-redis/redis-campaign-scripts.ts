/**
 * A delivery's status lives in its own hash field and changes only in Lua scripts, so that two
 * instances never both take the same recipient; counters per status change in the same script,
 * so progress is one HGETALL. The JSON beside it is written by whoever holds the delivery.
 */
export const ADD = `
if redis.call('hsetnx', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('hset', KEYS[2], ARGV[1], ARGV[3])
redis.call('hincrby', KEYS[3], ARGV[2], 1)
if ARGV[2] == 'pending' then redis.call('zadd', KEYS[4], ARGV[4], ARGV[5]) end
redis.call('sadd', KEYS[5], ARGV[6])
if ARGV[7] ~= '' then redis.call('hincrby', KEYS[6], ARGV[7], 1) end
return 1`;

export const CLAIM = `
local st = redis.call('hget', KEYS[1], ARGV[1])
if not st then return '' end
if st ~= 'pending' then return st end
redis.call('hset', KEYS[1], ARGV[1], 'sending')
redis.call('hset', KEYS[2], ARGV[1], ARGV[3])
redis.call('hincrby', KEYS[3], 'pending', -1)
redis.call('hincrby', KEYS[3], 'sending', 1)
redis.call('zrem', KEYS[4], ARGV[2])
return 'claimed'`;

export const FINISH = `
local st = redis.call('hget', KEYS[1], ARGV[1])
if st == 'sending' or st == 'pending' then
  redis.call('hset', KEYS[1], ARGV[1], ARGV[3])
  redis.call('hset', KEYS[2], ARGV[1], ARGV[4])
  redis.call('hincrby', KEYS[3], st, -1)
  redis.call('hincrby', KEYS[3], ARGV[3], 1)
  if ARGV[3] == 'pending' then redis.call('zadd', KEYS[4], ARGV[5], ARGV[2]) else redis.call('zrem', KEYS[4], ARGV[2]) end
  if ARGV[6] ~= '' then redis.call('hincrby', KEYS[5], ARGV[6], 1) end
end
return tonumber(redis.call('hget', KEYS[3], 'pending') or '0') + tonumber(redis.call('hget', KEYS[3], 'sending') or '0')`;

/** Moves an open delivery to a final status without an outcome from a channel (cancel, abandon, forget). */
export const CLOSE = `
local st = redis.call('hget', KEYS[1], ARGV[1])
if not st then return 0 end
if ARGV[4] == '1' and st ~= 'pending' then return 0 end
if ARGV[4] == '2' and st ~= 'sending' then return 0 end
if st == 'pending' or st == 'sending' then
  redis.call('hset', KEYS[1], ARGV[1], ARGV[3])
  redis.call('hincrby', KEYS[3], st, -1)
  redis.call('hincrby', KEYS[3], ARGV[3], 1)
  redis.call('zrem', KEYS[4], ARGV[2])
  if ARGV[5] ~= '' then redis.call('hincrby', KEYS[5], ARGV[5], 1) end
end
if ARGV[6] == 'forget' then
  redis.call('hdel', KEYS[1], ARGV[1])
  redis.call('hdel', KEYS[2], ARGV[1])
else
  redis.call('hset', KEYS[2], ARGV[1], ARGV[7])
end
return 1`;

export const TRANSITION = `
if redis.call('hget', KEYS[1], 'status') ~= ARGV[1] then return 0 end
redis.call('hset', KEYS[1], 'status', ARGV[2], 'data', ARGV[3])
redis.call('srem', KEYS[2], ARGV[4])
redis.call('sadd', KEYS[3], ARGV[4])
if ARGV[5] ~= '' then redis.call('zadd', KEYS[4], ARGV[5], ARGV[4]) end
return 1`;
