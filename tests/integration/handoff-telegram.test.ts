import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkup } from '../../src/conversation/render.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { addStaff, loginAs } from '../support/staff.js';
import { startTelegramPeer, TEST_BOT_TOKEN, type TelegramPeer } from '../support/telegram-peer.js';

/** A Telegram user escalates, a staff member replies in the inbox API, the reply arrives in Telegram. */
describe('handoff from Telegram', () => {
  let peer: TelegramPeer;
  let svc: TestService;

  beforeAll(async () => {
    peer = await startTelegramPeer();
    svc = await startTestService({ TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: peer.apiRoot });
    await addStaff(svc.runtime, 'iryna@example.org', 'staff', { languages: ['uk', 'ru'], name: 'Iryna' });
  });
  afterAll(async () => {
    await svc?.close();
    await peer?.close();
  });

  it('escalates in Ukrainian, and the staff reply reaches the Telegram chat', async () => {
    const client = peer.client({ chatId: 501, userId: 501 });
    await client.sendMessage(client.makeMessage('хочу поговорити з людиною, а не з ботом', { from: { language_code: 'uk' } }));
    const [intake] = await peer.waitForBotMessages(501, 1);
    expect(intake?.text).toBe(renderMarkup(svc.runtime.i18n.t('uk', 'intake.residence'), 'html'));
    await client.sendCallback(client.makeCallbackQuery('intake:skip'));
    const [, waiting] = await peer.waitForBotMessages(501, 2);
    expect(waiting?.text).toContain('Передаю вашу розмову');

    const staff = await loginAs(svc.app, 'iryna@example.org');
    const list = (await staff.get('/api/staff/conversations?status=waiting')).body.conversations as { id: string; channel: string }[];
    expect(list).toContainEqual(expect.objectContaining({ id: 'telegram:501', channel: 'telegram' }));
    expect((await staff.post('/api/staff/conversations/telegram:501/claim')).status).toBe(200);
    const reply = await staff.post('/api/staff/conversations/telegram:501/messages', { text: 'Добрий день! Я Ірина з Центру. <b>Чим допомогти?</b>' });
    expect(reply.body).toMatchObject({ message: { delivery: { status: 'sent' } } });
    const messages = await peer.waitForBotMessages(501, 3);
    // Staff text is escaped for Telegram HTML: what they typed is shown, never interpreted.
    expect(messages[2]?.text).toBe('Добрий день! Я Ірина з Центру. &lt;b&gt;Чим допомогти?&lt;/b&gt;');
  });
});
