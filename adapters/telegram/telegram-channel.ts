import type { Address, Channel, Content, SendResult } from '../../src/core/message.js';
import { renderForTelegram, TELEGRAM_CAPABILITIES } from './telegram-render.js';
import type { TelegramSender } from './telegram-sender.js';

/**
 * The Telegram Channel: the bot's and staff's replies, rendered as Telegram HTML (a long answer
 * in several messages), sent through the rate-limited, retrying sender. The chat id is the thread.
 */
export function telegramChannel(sender: TelegramSender): Channel {
  return {
    id: 'telegram',
    capabilities: TELEGRAM_CAPABILITIES,
    async send(to: Address, content: Content): Promise<SendResult> {
      let last: number | null = null;
      for (const message of renderForTelegram(content, TELEGRAM_CAPABILITIES)) {
        if (message.text.trim() === '') continue;
        last = await sender.send(to.thread, message);
      }
      return last !== null ? { externalId: String(last) } : {};
    },
  };
}
