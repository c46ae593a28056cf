import { TelegramError, type Telegram } from 'telegraf';
import type { Log } from '../../src/core/ports.js';
import { pause, withSignal } from './abortable.js';
import { describeError } from './telegram-sender.js';
import type { UpdateHandler } from './update-handler.js';
import { chatOf, type WireUpdate } from './update-mapping.js';

export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

export interface PollingOptions {
  /** Seconds Telegram holds a getUpdates request open when there is nothing new. */
  timeoutSeconds?: number;
  /** Pause after an empty answer that came back at once (a server that does not long-poll). */
  idlePauseMs?: number;
  /** Tries of one failing update before it is skipped, so that one bad update cannot stop the bot. */
  maxAttempts?: number;
}

export interface Polling {
  /** Stops asking for updates and waits for the batch in hand to finish. */
  stop(): Promise<void>;
}

/**
 * Long polling, written out rather than telegraf's launch(): the offset moves past an update only
 * after its turn ran (telegraf confirms a batch before handling it, so a crash would lose it),
 * chats of one batch run side by side while one chat's updates run in order, a failing update is
 * fetched again a few times, and a server that answers at once (a local emulator) is not hammered.
 * Updates seen twice (a restart before the offset was confirmed) are dropped by the pipeline.
 */
export function startPolling(telegram: Telegram, handle: UpdateHandler, log: Log, opts: PollingOptions = {}): Polling {
  const timeout = opts.timeoutSeconds ?? 30;
  const idlePause = opts.idlePauseMs ?? 250;
  const maxAttempts = opts.maxAttempts ?? 3;
  const controller = new AbortController();
  const signal = controller.signal;
  const attempts = new Map<number, number>();
  let offset = 0;

  async function runBatch(updates: WireUpdate[]): Promise<boolean> {
    const byChat = new Map<string, WireUpdate[]>();
    for (const u of updates) {
      const key = chatOf(u) ?? `update:${u.update_id}`;
      byChat.set(key, [...(byChat.get(key) ?? []), u]);
    }
    const failed: number[] = [];
    await Promise.all(
      [...byChat.values()].map(async (chatUpdates) => {
        for (const u of chatUpdates) {
          try {
            await handle(u);
            attempts.delete(u.update_id);
          } catch (e) {
            const n = (attempts.get(u.update_id) ?? 0) + 1;
            if (n >= maxAttempts) {
              attempts.delete(u.update_id);
              log.error({ channel: 'telegram', update: u.update_id, attempts: n, err: describeError(e) }, 'telegram update skipped after repeated failures');
            } else {
              attempts.set(u.update_id, n);
              failed.push(u.update_id);
              log.warn({ channel: 'telegram', update: u.update_id, attempt: n, err: describeError(e) }, 'telegram update failed; it will be fetched again');
            }
          }
        }
      }),
    );
    const last = updates.at(-1)?.update_id ?? offset - 1;
    // Confirm up to the first failure only: it and what follows come again, the handled ones as duplicates.
    offset = failed.length > 0 ? Math.min(...failed) : last + 1;
    return failed.length === 0;
  }

  async function loop(): Promise<void> {
    await telegram.deleteWebhook({ drop_pending_updates: false }).catch((e: unknown) => {
      log.warn({ channel: 'telegram', err: describeError(e) }, 'could not remove a webhook before polling');
    });
    let failures = 0;
    while (!signal.aborted) {
      const started = Date.now();
      let updates: WireUpdate[];
      try {
        updates = await telegram.callApi('getUpdates', { timeout, offset, limit: 100, allowed_updates: [...ALLOWED_UPDATES] }, withSignal(signal));
      } catch (e) {
        if (signal.aborted) break;
        failures++;
        const wait = e instanceof TelegramError && e.code === 429 ? (e.parameters?.retry_after ?? 5) * 1000 : Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        // 409: another instance polls with this token, or a webhook is set; 401: the token is wrong.
        log.warn({ channel: 'telegram', err: describeError(e), retryInMs: wait }, 'telegram getUpdates failed');
        await pause(wait, signal);
        continue;
      }
      failures = 0;
      if (updates.length === 0) {
        if (Date.now() - started < 1000) await pause(idlePause, signal);
        continue;
      }
      const clean = await runBatch(updates);
      if (!clean) await pause(1000, signal);
    }
  }

  const running = loop().catch((e: unknown) => log.error({ channel: 'telegram', err: describeError(e) }, 'telegram polling stopped'));
  log.info({ channel: 'telegram', mode: 'polling' }, 'telegram polling started');
  return {
    async stop() {
      controller.abort();
      await running;
    },
  };
}
