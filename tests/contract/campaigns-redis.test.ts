import { connectRedis, redisStore, type RedisClient } from '../../adapters/store-redis/redis-store.js';
import { REDIS_URL, uniquePrefix } from '../support/runtime.js';
import { campaignsContract } from './campaigns.contract.js';

// A real redis-server, as for the rest of the store contract; the keys are removed afterwards.
const prefix = uniquePrefix('campaigns');
let client: RedisClient;
campaignsContract(
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
