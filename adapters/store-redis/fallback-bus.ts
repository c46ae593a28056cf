import type { Bus } from '../../src/core/ports.js';

/**
 * The Redis bus, with one fallback: when a publish fails (Redis is down), the event still reaches
 * this instance's own subscribers, so that a web chat visitor connected here keeps getting the
 * bot's answers while the bot answers without its store. Other instances miss it, as they would
 * anyway. When Redis is up, delivery goes through Redis only, so nothing arrives twice.
 */
export function withLocalFallback(inner: Bus): Bus {
  const local = new Map<string, Set<(payload: unknown) => void>>();
  return {
    async publish(topic, payload) {
      try {
        await inner.publish(topic, payload);
      } catch (e) {
        const handlers = local.get(topic);
        if (!handlers || handlers.size === 0) throw e;
        // A copy, as a round trip through Redis would give: a handler may not change another's payload.
        for (const h of handlers) h(JSON.parse(JSON.stringify(payload)) as unknown);
      }
    },
    async subscribe(topic, handler) {
      const off = await inner.subscribe(topic, handler);
      let set = local.get(topic);
      if (!set) local.set(topic, (set = new Set()));
      set.add(handler);
      return async () => {
        local.get(topic)?.delete(handler);
        if (local.get(topic)?.size === 0) local.delete(topic);
        await off();
      };
    },
    close: () => inner.close(),
  };
}
