/**
 * One turn at a time per key inside this process: callers for the same key queue behind each
 * other, callers for different keys run freely. Keys with no waiters are forgotten, so memory
 * stays bounded by the conversations in flight.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  get active(): number {
    return this.tails.size;
  }
}
