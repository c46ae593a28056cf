import { connectRedis, redisStore, type RedisClient } from '../../adapters/store-redis/redis-store.js';
import { REDIS_URL, uniquePrefix } from '../support/runtime.js';
import { storeContract } from './store.contract.js';

// A real redis-server (never a mock): .ci/run starts one when none answers. No skip: without
// Redis this suite fails, so CI cannot pass while silently ignoring it.
const prefix = uniquePrefix('store');
let client: RedisClient;
storeContract(
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
