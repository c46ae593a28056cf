const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows per key (a visitor id, an IP address). The map is bounded: ids are
 * chosen by clients, so a flood of new ones must not grow memory without end.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one action of `key`; false when the key has used up this minute. A limit of 0 means none. */
  take(key: string): boolean {
    if (this.perMinute === 0) return true;
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= WINDOW_MS) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.evict(t);
      w = { start: t, count: 0 };
      // Re-inserted, so that the map's order is the order in which windows started.
      this.windows.set(key, w);
    }
    if (w.count >= this.perMinute) return false;
    w.count++;
    return true;
  }

  get size(): number {
    return this.windows.size;
  }

  private evict(t: number): void {
    for (const [key, w] of this.windows) {
      if (t - w.start < WINDOW_MS && this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
