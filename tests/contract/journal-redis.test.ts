import { connectRedis, redisStore, type RedisClient } from '../../adapters/store-redis/redis-store.js';
import { REDIS_URL, uniquePrefix } from '../support/runtime.js';
import { journalContract } from './journal.contract.js';

// A real redis-server, as for the store contract; keys under a prefix of this file's own.
const prefix = uniquePrefix('journal');
let client: RedisClient;
journalContract(
  'Redis',
  async () => {
    client = await connectRedis(REDIS_URL);
    return redisStore(client, { prefix });
  },
  async (s) => {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await client.del(keys);
    await s.close();
  },
);
