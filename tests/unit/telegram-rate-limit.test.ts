import { describe, expect, it } from 'vitest';
import { slidingWindowLimiter } from '../../adapters/telegram/rate-limiter.js';

/** A clock that only moves when the limiter sleeps, so that the test is about logic, not timing. */
function fakeTime() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
  };
}

describe('global send limiter', () => {
  it('lets 30 messages through at once, then makes the 31st wait for the window', async () => {
    const time = fakeTime();
    const limiter = slidingWindowLimiter(30, time);
    for (let i = 0; i < 30; i++) await limiter.take();
    expect(time.sleeps).toEqual([]);
    time.advance(400);
    await limiter.take();
    expect(time.sleeps).toEqual([600]);
  });

  it('never allows more than the limit in any one-second window', async () => {
    const time = fakeTime();
    const limiter = slidingWindowLimiter(5, time);
    const sentAt: number[] = [];
    for (let i = 0; i < 23; i++) {
      await limiter.take();
      sentAt.push(time.now());
      time.advance(37);
    }
    for (const t of sentAt) expect(sentAt.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(5);
  });

  it('serves concurrent senders in the order they asked', async () => {
    const time = fakeTime();
    const limiter = slidingWindowLimiter(2, time);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map((n) => limiter.take().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(time.sleeps.length).toBeGreaterThan(0);
  });
});
