import { createHash, timingSafeEqual } from 'node:crypto';
import { Telegram } from 'telegraf';
import type { TelegramConfig } from '../../src/config.js';
import type { Lang } from '../../src/core/language.js';
import type { Channel } from '../../src/core/message.js';
import type { Log } from '../../src/core/ports.js';
import type { Pipeline } from '../../src/conversation/pipeline.js';
import type { Translator } from '../../src/i18n.js';
import { setCommandMenus } from './command-menu.js';
import { pause, withSignal } from './abortable.js';
import { slidingWindowLimiter } from './rate-limiter.js';
import { telegramChannel } from './telegram-channel.js';
import { ALLOWED_UPDATES, startPolling, type Polling, type PollingOptions } from './telegram-polling.js';
import { describeError, telegramSender, type SenderOptions } from './telegram-sender.js';
import { updateHandler, type UpdateHandler } from './update-handler.js';

export const WEBHOOK_PATH = '/webhooks/telegram';

export interface TelegramService {
  readonly mode: TelegramConfig['mode'];
  readonly channel: Channel;
  readonly handleUpdate: UpdateHandler;
  /** True when the header carries the webhook secret; compared in constant time. */
  checkSecret(header: string | string[] | undefined): boolean;
  /** Registers the webhook at PUBLIC_URL; retried in the background until it succeeds or the service stops. */
  registerWebhook(): void;
  close(): Promise<void>;
}

export interface TelegramDeps {
  settings: TelegramConfig;
  publicUrl: string | null;
  pipeline: Pipeline;
  i18n: Translator;
  defaultLang: Lang;
  log: Log;
  sender?: SenderOptions;
  polling?: PollingOptions;
}

/**
 * The Telegram channel as the runtime holds it: one telegraf client, the sender every reply goes
 * through, the update handler both modes share, and polling (polling mode) or the webhook's
 * registration (webhook mode, once the service listens). The command menu is set at start.
 */
export function startTelegram(deps: TelegramDeps): TelegramService {
  const { settings, log } = deps;
  // A trailing slash keeps a path in the root (a local Bot API server behind a prefix).
  const telegram = new Telegram(settings.token, { apiRoot: `${settings.apiRoot}/`, webhookReply: false });
  const sender = telegramSender(telegram, slidingWindowLimiter(settings.ratePerSecond), log, deps.sender);
  const channel = telegramChannel(sender);
  const handleUpdate = updateHandler({ pipeline: deps.pipeline, telegram, sender, log });
  const background = new AbortController();
  const tasks: Promise<void>[] = [setCommandMenus(telegram, deps.i18n, deps.defaultLang, log, background.signal)];
  const polling: Polling | null = settings.mode === 'polling' ? startPolling(telegram, handleUpdate, log, deps.polling) : null;
  const expected = settings.webhookSecret !== null ? digest(settings.webhookSecret) : null;
  let registering = false;

  async function register(): Promise<void> {
    const url = `${deps.publicUrl ?? ''}${WEBHOOK_PATH}`;
    for (let attempt = 1; !background.signal.aborted; attempt++) {
      try {
        await telegram.callApi(
          'setWebhook',
          { url, secret_token: settings.webhookSecret ?? undefined, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false },
          withSignal(background.signal),
        );
        log.info({ channel: 'telegram', mode: 'webhook', url }, 'telegram webhook registered');
        return;
      } catch (e) {
        if (background.signal.aborted) return;
        const retryInMs = Math.min(300_000, 5000 * 2 ** (attempt - 1));
        log.error({ channel: 'telegram', url, err: describeError(e), retryInMs }, 'telegram webhook not registered');
        await pause(retryInMs, background.signal);
      }
    }
  }

  return {
    mode: settings.mode,
    channel,
    handleUpdate,
    checkSecret(header) {
      if (expected === null || typeof header !== 'string') return false;
      return timingSafeEqual(digest(header), expected);
    },
    registerWebhook() {
      if (settings.mode !== 'webhook' || registering) return;
      registering = true;
      tasks.push(register());
    },
    async close() {
      background.abort();
      await polling?.stop();
      await Promise.all(tasks);
    },
  };
}

/** Equal-length digests, so that the comparison takes the same time whatever was sent. */
function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
