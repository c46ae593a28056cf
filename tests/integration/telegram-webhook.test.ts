import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkup } from '../../src/conversation/render.js';
import { REDIS_URL, startTestService, uniquePrefix, type TestService } from '../support/runtime.js';
import { startTelegramPeer, TEST_BOT_TOKEN, type TelegramPeer } from '../support/telegram-peer.js';

const SECRET = 'webhook-secret-for-tests-0123456789';

const textUpdate = (updateId: number, chatId: number, text: string, languageCode = 'en') => ({
  update_id: updateId,
  message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'T', language_code: languageCode }, text },
});

/**
 * Webhook mode: the service registers POST /webhooks/telegram at PUBLIC_URL once it listens;
 * telegram-test-api pushes updates there (through the test layer, which adds the secret header
 * as Telegram does).
 */
describe('Telegram channel, webhook mode, against telegram-test-api', () => {
  let peer: TelegramPeer;
  let svc: TestService;
  const html = (markdown: string): string => renderMarkup(markdown, 'html');

  beforeAll(async () => {
    peer = await startTelegramPeer();
    svc = await startTestService({
      TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: peer.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: peer.publicUrl,
    });
    await svc.app.listen({ port: 0, host: '127.0.0.1' });
    peer.setPublicTarget(`http://127.0.0.1:${(svc.app.server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await svc?.close();
    await peer?.close();
  });

  it('registers the webhook at PUBLIC_URL with the secret once it listens, and does not poll', async () => {
    await peer.waitFor('setWebhook', () => peer.webhook !== null);
    expect(peer.webhook).toEqual({ url: `${peer.publicUrl}/webhooks/telegram`, secret: SECRET });
    const call = peer.calls.find((c) => c.method === 'setWebhook');
    expect(call?.body.allowed_updates).toEqual(['message', 'edited_message', 'callback_query', 'my_chat_member']);
    expect(peer.calls.some((c) => c.method === 'getUpdates')).toBe(false);
  });

  it('answers /start and a pressed button pushed by the emulator', async () => {
    await peer.waitFor('setWebhook', () => peer.webhook !== null);
    const client = peer.client({ chatId: 201, userId: 201 });
    await client.sendCommand(client.makeCommand('/start', { from: { language_code: 'vi' } }));
    const [greeting] = await peer.waitForBotMessages(201, 3);
    expect(greeting?.text).toBe(html(svc.runtime.i18n.t('vi', 'greeting')));
    await client.sendCallback(client.makeCallbackQuery('entry:czech.courses'));
    const messages = await peer.waitForBotMessages(201, 4);
    expect(messages[3]?.text).toBe(html(svc.runtime.knowledge.answer('czech.courses', 'vi', new Date())?.text ?? ''));
    expect(peer.calls.some((c) => c.method === 'answerCallbackQuery')).toBe(true);
    await peer.waitFor('both pushes answered', () => peer.pushes.length >= 2);
    expect(peer.pushes.every((p) => p.status === 200)).toBe(true);
  });

  it('refuses an update without the secret token (401) and changes nothing', async () => {
    const update = textUpdate(70_001, 202, 'How do I sign up for a free Czech course at the Centre for Foreigners?');
    const missing = await svc.app.inject({ method: 'POST', url: '/webhooks/telegram', payload: update });
    expect(missing.statusCode).toBe(401);
    const wrong = await svc.app.inject({ method: 'POST', url: '/webhooks/telegram', payload: update, headers: { 'x-telegram-bot-api-secret-token': `${SECRET}x` } });
    expect(wrong.statusCode).toBe(401);
    const garbage = await svc.app.inject({ method: 'POST', url: '/webhooks/telegram', payload: 'not json', headers: { 'content-type': 'application/json' } });
    expect(garbage.statusCode).toBe(401);
    expect(await svc.runtime.store.conversations.get('telegram:202')).toBeNull();
    expect(peer.botMessages(202)).toHaveLength(0);

    // The refused copies did not mark the update as seen: the genuine one is handled.
    const genuine = await svc.app.inject({ method: 'POST', url: '/webhooks/telegram', payload: update, headers: { 'x-telegram-bot-api-secret-token': SECRET } });
    expect(genuine.statusCode).toBe(200);
    expect(peer.botMessages(202)).toHaveLength(1);
  });

  it('handles a redelivered update once, and rejects a body that is not an update', async () => {
    const update = textUpdate(70_002, 203, 'Як записатися на безкоштовний курс чеської в Центрі для іноземців?', 'uk');
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    const first = await svc.app.inject({ method: 'POST', url: '/webhooks/telegram', payload: update, headers });
    const again = await svc.app.inject({ method: 'POST', url: '/webhooks/telegram', payload: update, headers });
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    const messages = peer.botMessages(203);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBe(html(svc.runtime.knowledge.answer('czech.courses', 'uk', new Date())?.text ?? ''));
    const bad = await svc.app.inject({ method: 'POST', url: '/webhooks/telegram', payload: { message: {} }, headers });
    expect(bad.statusCode).toBe(400);
  });

  it('ignores an edited message pushed to the webhook, and still answers 200', async () => {
    const res = await svc.app.inject({
      method: 'POST',
      url: '/webhooks/telegram',
      payload: { update_id: 70_003, edited_message: { message_id: 1, date: 1, edit_date: 2, chat: { id: 204, type: 'private' }, from: { id: 204, is_bot: false, first_name: 'E' }, text: 'changed' } },
      headers: { 'x-telegram-bot-api-secret-token': SECRET },
    });
    expect(res.statusCode).toBe(200);
    expect(peer.botMessages(204)).toHaveLength(0);
    expect(await svc.runtime.store.conversations.get('telegram:204')).toBeNull();
  });
});

describe('Telegram webhook on two instances sharing Redis', () => {
  let peer: TelegramPeer;
  const services: TestService[] = [];

  beforeAll(async () => {
    peer = await startTelegramPeer();
    const env = {
      TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: peer.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: peer.publicUrl,
      REDIS_URL,
      REDIS_PREFIX: uniquePrefix('telegram-webhook'),
    };
    services.push(await startTestService(env), await startTestService(env));
  });
  afterAll(async () => {
    for (const s of services) await s.close();
    await peer?.close();
  });

  it('handles the same update once when it reaches both instances', async () => {
    const update = textUpdate(70_100, 301, 'Как записаться на бесплатные курсы чешского в Центре для иностранцев?', 'ru');
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    const answers = await Promise.all(services.map((s) => s.app.inject({ method: 'POST', url: '/webhooks/telegram', payload: update, headers })));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(peer.botMessages(301)).toHaveLength(1);
    const transcript = await services[0]?.runtime.store.conversations.messages('telegram:301');
    expect(transcript?.filter((m) => m.role === 'user')).toHaveLength(1);
  });
});
