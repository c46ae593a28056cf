import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../adapters/webchat/rate-limiter.js';

describe('the web chat rate limiter', () => {
  it('allows N a minute per key, then refuses until the next minute', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 100, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([true, true, false, true]);
    now = 59_999;
    expect(limiter.take('a')).toBe(false);
    now = 60_000;
    expect(limiter.take('a')).toBe(true);
  });

  it('keeps a bounded number of keys, however many ids clients invent', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 3, () => now);
    for (let i = 0; i < 10; i++) {
      now += 1;
      limiter.take(`visitor-${i}`);
      expect(limiter.size).toBeLessThanOrEqual(3);
    }
    // The newest keys are the ones remembered.
    expect(limiter.take('visitor-9')).toBe(false);
  });

  it('treats 0 as no limit', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('same')).toBe(true);
    expect(limiter.size).toBe(0);
  });
});
