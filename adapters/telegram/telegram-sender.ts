import { TelegramError, type Telegram } from 'telegraf';
import { DeliveryError } from '../../src/core/errors.js';
import type { Log } from '../../src/core/ports.js';
import type { RateLimiter } from './rate-limiter.js';
import type { TelegramMessage } from './telegram-render.js';

export interface SenderOptions {
  /** Attempts per message in all (the first one included). */
  attempts?: number;
  /** A longer retry_after is not waited for inside a turn: the send fails and is recorded. */
  maxRetryAfterSeconds?: number;
  /** Backoff before retrying a network error or a 5xx, doubled each time. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface TelegramSender {
  /** Sends one message; returns its message_id, or throws DeliveryError (permanent when the user blocked the bot). */
  send(chatId: string, message: TelegramMessage): Promise<number>;
  /** Marks a chat as unreachable (the user blocked the bot: why) or, with null, reachable again. */
  setBlocked(chatId: string, reason: string | null): void;
  isBlocked(chatId: string): boolean;
}

type Verdict = { retry: true; waitMs: number } | { retry: false; permanent: boolean };

/** Marks are a shortcut for the rest of a turn; the conversation's own `unreachable` is the record. */
const MAX_BLOCKED_MARKS = 10_000;

export function telegramSender(telegram: Telegram, limiter: RateLimiter, log: Log, opts: SenderOptions = {}): TelegramSender {
  const attempts = opts.attempts ?? 3;
  const maxRetryAfter = opts.maxRetryAfterSeconds ?? 10;
  const backoff = opts.backoffMs ?? 500;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const blocked = new Map<string, string>();

  function verdict(e: unknown, attempt: number): Verdict {
    if (e instanceof TelegramError) {
      const code = e.code;
      if (code === 429) {
        const after = e.parameters?.retry_after ?? 1;
        return after <= maxRetryAfter ? { retry: true, waitMs: after * 1000 } : { retry: false, permanent: false };
      }
      // Blocked by the user, user deactivated, or the chat is gone: trying again cannot help.
      if (code === 403) return { retry: false, permanent: true };
      if (code === 400 && /chat not found|user not found/i.test(e.description)) return { retry: false, permanent: true };
      if (code >= 500) return { retry: true, waitMs: backoff * 2 ** (attempt - 1) };
      return { retry: false, permanent: false };
    }
    // Network trouble (a reset connection, DNS): worth another try.
    return { retry: true, waitMs: backoff * 2 ** (attempt - 1) };
  }

  function setBlocked(chatId: string, reason: string | null): void {
    if (reason === null) {
      blocked.delete(chatId);
      return;
    }
    if (blocked.size >= MAX_BLOCKED_MARKS) {
      const oldest = blocked.keys().next();
      if (!oldest.done) blocked.delete(oldest.value);
    }
    blocked.set(chatId, reason);
  }

  return {
    setBlocked,
    isBlocked: (chatId) => blocked.has(chatId),
    async send(chatId, message) {
      const known = blocked.get(chatId);
      // Not tried again: the same refusal as the first time, so the record reads the same.
      if (known !== undefined) throw new DeliveryError(`telegram: ${known}`, { permanent: true, channel: 'telegram', status: 403 });
      for (let attempt = 1; ; attempt++) {
        await limiter.take();
        try {
          const sent = await telegram.sendMessage(chatId, message.text, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
          });
          return sent.message_id;
        } catch (e) {
          const v = verdict(e, attempt);
          const reason = describeError(e);
          if (v.retry && attempt < attempts) {
            log.warn({ channel: 'telegram', chat: chatId, attempt, retryInMs: v.waitMs, reason }, 'telegram send failed; retrying');
            await sleep(v.waitMs);
            continue;
          }
          const permanent = !v.retry && v.permanent;
          if (permanent) setBlocked(chatId, reason);
          const status = e instanceof TelegramError ? e.code : undefined;
          throw new DeliveryError(`telegram: ${reason}`, { permanent, channel: 'telegram', ...(status !== undefined ? { status } : {}), cause: e });
        }
      }
    },
  };
}

/** What went wrong, without the token (telegraf puts the request URL into network errors). */
export function describeError(e: unknown): string {
  if (e instanceof TelegramError) return `${e.code}: ${e.description}`.slice(0, 200);
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/\/bot\d+:[^/\s]+/g, '/bot[redacted]').slice(0, 200);
}
