import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError } from '../../src/core/errors.js';
import { WEBHOOK_PATH, type TelegramService } from './telegram-service.js';
import type { WireUpdate } from './update-mapping.js';

/** Only the id is required: every other field is read defensively by the mapping. */
const UpdateBody = Type.Object({ update_id: Type.Integer({ minimum: 0 }) }, { additionalProperties: true });
const WebhookReply = Type.Object({ ok: Type.Boolean() });

/**
 * POST /webhooks/telegram: Telegram's updates in webhook mode. The secret token is checked before
 * the body is even parsed, so a request without it gets 401 and changes nothing. The turn runs
 * before the answer: a failure answers 5xx and Telegram delivers the update again (handled once).
 * The webhook is registered at PUBLIC_URL once the service listens.
 */
export const telegramWebhookRoute: FastifyPluginAsyncTypebox<{ telegram: TelegramService }> = async (app, { telegram }) => {
  app.post(
    WEBHOOK_PATH,
    {
      schema: { body: UpdateBody, response: { 200: WebhookReply } },
      onRequest: async (req) => {
        if (!telegram.checkSecret(req.headers['x-telegram-bot-api-secret-token'])) {
          req.log.debug({ channel: 'telegram', reason: 'bad-secret' }, 'telegram webhook refused');
          throw new AppError('UNAUTHORIZED', 'missing or wrong secret token');
        }
      },
    },
    async (req) => {
      // The schema checked the id; the mapping reads everything else as optional.
      await telegram.handleUpdate(req.body as WireUpdate);
      return { ok: true };
    },
  );
  app.addHook('onListen', async () => {
    telegram.registerWebhook();
  });
};
