import type { Bus } from '../../src/core/ports.js';
import type { RedisClient } from './client.js';

/**
 * Live events across instances through Redis pub/sub: a reply composed on one instance reaches a
 * web chat socket held by another. A subscriber needs a connection of its own.
 */
export async function redisBus(client: RedisClient, prefix = 'cz:'): Promise<Bus> {
  const sub = client.duplicate();
  sub.on('error', () => {});
  await sub.connect();
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  return {
    async publish(topic, payload) {
      await client.publish(`${prefix}bus:${topic}`, JSON.stringify(payload));
    },
    async subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) {
        handlers.set(topic, (set = new Set()));
        await sub.subscribe(`${prefix}bus:${topic}`, (message) => {
          let payload: unknown;
          try {
            payload = JSON.parse(message);
          } catch {
            return;
          }
          for (const h of handlers.get(topic) ?? []) h(payload);
        });
      }
      set.add(handler);
      return async () => {
        const current = handlers.get(topic);
        current?.delete(handler);
        if (current && current.size === 0) {
          handlers.delete(topic);
          await sub.unsubscribe(`${prefix}bus:${topic}`).catch(() => undefined);
        }
      };
    },
    async close() {
      handlers.clear();
      // close(), not quit(): quit waits forever for a Redis that is down, and shutdown must not.
      if (sub.isOpen) await sub.close();
    },
  };
}
