import type { Telegram } from 'telegraf';
import type { Log } from '../../src/core/ports.js';
import type { Pipeline } from '../../src/conversation/pipeline.js';
import { describeError, type TelegramSender } from './telegram-sender.js';
import { mapUpdate, type WireUpdate } from './update-mapping.js';

export type UpdateHandler = (update: WireUpdate) => Promise<void>;

/**
 * One update, from polling or the webhook alike: a pressed button is answered first (so the
 * user's spinner stops even if the turn is slow), then the pipeline runs, which dedupes by
 * update_id and runs one turn at a time per chat. Dropped updates leave their reason in the
 * debug log. A pipeline failure is thrown, so that the update is delivered again.
 */
export function updateHandler(deps: { pipeline: Pipeline; telegram: Telegram; sender: TelegramSender; log: Log }): UpdateHandler {
  const { pipeline, telegram, sender, log } = deps;
  return async function handle(update) {
    const mapped = mapUpdate(update);
    if (mapped.kind !== 'membership' && mapped.callbackQueryId !== null) {
      await telegram.answerCbQuery(mapped.callbackQueryId).catch((e: unknown) => {
        // A query older than a few seconds can no longer be answered; the turn still counts.
        log.debug({ channel: 'telegram', update: update.update_id, reason: describeError(e) }, 'callback query not answered');
      });
    }
    switch (mapped.kind) {
      case 'ignore':
        log.debug({ channel: 'telegram', update: update.update_id, reason: mapped.reason }, 'telegram update ignored');
        return;
      case 'membership':
        sender.setBlocked(mapped.chat, mapped.blocked ? '403: the user blocked the bot' : null);
        log.debug({ channel: 'telegram', update: update.update_id, chat: mapped.chat, blocked: mapped.blocked }, 'telegram chat membership changed');
        return;
      case 'inbound': {
        // Writing to us proves the user can be reached again.
        sender.setBlocked(mapped.inbound.address.thread, null);
        const outcome = await pipeline.handle(mapped.inbound);
        if (outcome.status === 'duplicate') log.debug({ channel: 'telegram', update: update.update_id, reason: 'duplicate' }, 'telegram update ignored');
        return;
      }
    }
  };
}
