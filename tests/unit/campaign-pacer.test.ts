import { describe, expect, it } from 'vitest';
import { pacer } from '../../src/campaigns/pacer.js';

/** A fake clock: sleeping moves time on, so the pacer's waits can be read exactly. */
function fakeTime() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => (t += ms),
    sleeps,
    get t() {
      return t;
    },
  };
}

describe('campaign pacer', () => {
  it('spaces sends evenly at the channel rate, starting at once', async () => {
    const clock = fakeTime();
    const p = pacer(25, clock.now, clock.sleep);
    const starts: number[] = [];
    for (let i = 0; i < 50; i++) {
      await p.take();
      starts.push(clock.t);
    }
    expect(clock.sleeps[0]).toBe(40);
    expect(starts[0]).toBe(1_000_000);
    // 50 sends at 25 a second: the last starts 49 gaps of 40 ms later, never two in one gap.
    expect(starts.at(-1)).toBe(1_000_000 + 49 * 40);
    for (let i = 1; i < starts.length; i++) expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(40);
    for (const start of starts) expect(starts.filter((s) => s >= start && s < start + 1000).length).toBeLessThanOrEqual(25);
  });

  it('does not save up an allowance while idle', async () => {
    const clock = fakeTime();
    const p = pacer(10, clock.now, clock.sleep);
    await p.take();
    clock.advance(5000);
    await p.take();
    await p.take();
    expect(clock.sleeps).toEqual([100]);
  });
});

describe('BullMQ limiter windows', () => {
  it('never allows more than the rate per second on average, in short windows', async () => {
    const { limiterFor } = await import('../../adapters/campaigns-bullmq/bullmq-runner.js');
    for (const rate of [1, 2, 4, 5, 10, 20, 25, 30, 100, 1000]) {
      const { max, duration } = limiterFor(rate);
      expect(max).toBeGreaterThanOrEqual(1);
      expect(duration).toBeLessThanOrEqual(1000);
      expect((max * 1000) / duration).toBeLessThanOrEqual(rate);
    }
    expect(limiterFor(25)).toEqual({ max: 5, duration: 200 });
    expect(limiterFor(2)).toEqual({ max: 1, duration: 500 });
  });
});
