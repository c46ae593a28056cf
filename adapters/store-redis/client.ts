import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

export async function connectRedis(url: string): Promise<RedisClient> {
  // Without the offline queue a command fails at once while Redis is away, instead of waiting for
  // it to return: the pipeline then answers from memory (src/conversation/degraded.ts).
  const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) } });
  // Errors surface through failed commands; the event only needs a listener so it does not crash the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}
