import { connectRedis, redisStore, type RedisClient } from '../../adapters/store-redis/redis-store.js';
import { REDIS_URL, uniquePrefix } from '../support/runtime.js';
import { kbStoreContract } from './kb-store.contract.js';

// A real redis-server, never a mock; its keys are deleted afterwards.
const prefix = uniquePrefix('kb-store');
let client: RedisClient;
kbStoreContract(
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
