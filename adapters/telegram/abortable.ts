import type { Telegram } from 'telegraf';

/** A wait that ends early when the signal aborts, so that shutdown never sits out a backoff. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

type CallApiOptions = NonNullable<Parameters<Telegram['callApi']>[2]>;

/**
 * telegraf types a request's signal as the abort-controller polyfill's; its HTTP client
 * (node-fetch) accepts Node's own AbortSignal, which is what we hold, so only the type differs.
 */
export function withSignal(signal: AbortSignal | undefined): CallApiOptions {
  return signal ? { signal: signal as unknown as CallApiOptions['signal'] } : {};
}
