import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

export async function connectRedis(url: string): Promise<RedisClient> {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) } });
  // Errors surface through failed commands; the event only needs a listener so it does not crash the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}
