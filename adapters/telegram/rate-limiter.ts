/**
 * Telegram refuses (429) a bot that sends more than about 30 messages a second across all chats.
 * A sliding window keeps this instance under that in every one-second window, not just on
 * average, and serves waiting sends in the order they asked (so no chat starves).
 */
export interface RateLimiter {
  /** Resolves when one more message may go out. */
  take(): Promise<void>;
}

export interface RateLimiterOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const WINDOW_MS = 1000;

export function slidingWindowLimiter(perSecond: number, opts: RateLimiterOptions = {}): RateLimiter {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const sentAt: number[] = [];
  let tail: Promise<void> = Promise.resolve();

  async function acquire(): Promise<void> {
    for (;;) {
      const t = now();
      while (sentAt.length > 0 && (sentAt[0] ?? t) <= t - WINDOW_MS) sentAt.shift();
      if (sentAt.length < perSecond) {
        sentAt.push(t);
        return;
      }
      await sleep((sentAt[0] ?? t) + WINDOW_MS - t);
    }
  }

  return {
    take() {
      const turn = tail.then(acquire);
      tail = turn.catch(() => undefined);
      return turn;
    },
  };
}
