import type { Log, Store } from '../core/ports.js';

const DAY_MS = 24 * 3600 * 1000;

export interface Retention {
  /**
   * Runs `hook(before)` ahead of each deletion of conversations last updated before `before`: the
   * place to keep aggregates (counts per day, topic, language: nothing personal) of what is about
   * to go. When a hook fails, nothing is deleted in that run.
   */
  beforeDelete(hook: (before: Date) => Promise<void>): void;
  /** Deletes what is past retention now; returns how many conversations went. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a run in progress (the store is closed next). */
  stop(): Promise<void>;
}

/**
 * Deletes conversations (transcript, feedback and profile) not updated for `days` days: soon after
 * start and then every `intervalMs` (an hour). Every instance may run it; the deletion is idempotent. Aggregates
 * that hold no personal data (Prometheus counters, counts kept by a beforeDelete hook) stay.
 */
export function startRetention(
  deps: { store: Store; log: Log; clock: () => Date; newId: () => string },
  days: number,
  opts: { intervalMs?: number; firstRunMs?: number } = {},
): Retention {
  let running: Promise<number> | null = null;
  const hooks: ((before: Date) => Promise<void>)[] = [];
  const runOnce = (): Promise<number> => {
    // A slow run is not started twice.
    running ??= (async () => {
      const now = deps.clock();
      const before = new Date(now.getTime() - days * DAY_MS);
      for (const hook of hooks) await hook(before);
      const removed = await deps.store.conversations.deleteOlderThan(before);
      if (removed > 0) {
        await deps.store.audit.append({ id: deps.newId(), at: now.toISOString(), actor: 'system', action: 'retention', target: null, details: { conversations: removed, days } });
        deps.log.info({ event: 'retention', conversations: removed, days }, 'old conversations deleted');
      }
      return removed;
    })().finally(() => (running = null));
    return running;
  };
  const tick = (): void => {
    runOnce().catch((e: unknown) => deps.log.warn({ event: 'retention', err: e instanceof Error ? e.message : String(e) }, 'retention run failed; retried at the next interval'));
  };
  const timer = setInterval(tick, opts.intervalMs ?? 3600_000);
  timer.unref();
  // The first run waits a moment, so that features can register their beforeDelete hooks first.
  const first = setTimeout(tick, opts.firstRunMs ?? 1000);
  first.unref();
  return {
    runOnce,
    beforeDelete(hook) {
      hooks.push(hook);
    },
    async stop() {
      clearInterval(timer);
      clearTimeout(first);
      await running?.catch(() => undefined);
    },
  };
}
