/**
 * Spaces sends evenly: at most `perSecond` a second, one every 1000/perSecond ms, rather than a
 * burst at the start of every second (a channel's limit is per second, and a burst of a whole
 * second's allowance leaves nothing for the bot's own replies in that second).
 */
export interface Pacer {
  /** Resolves when the next send may start. */
  take(): Promise<void>;
}

export function pacer(perSecond: number, now: () => number = Date.now, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Pacer {
  const gap = 1000 / perSecond;
  let next = 0;
  return {
    async take() {
      const t = now();
      const at = Math.max(t, next);
      next = at + gap;
      if (at > t) await sleep(at - t);
    },
  };
}
