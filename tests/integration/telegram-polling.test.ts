import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptMessage } from '../../src/core/conversation.js';
import { LANGS, type Lang } from '../../src/core/language.js';
import { renderMarkup } from '../../src/conversation/render.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { startTelegramPeer, TEST_BOT_TOKEN, type TelegramPeer } from '../support/telegram-peer.js';

/**
 * The Telegram channel in polling mode against telegram-test-api (through the thin layer in
 * tests/support/telegram-peer.ts): real telegraf client, real runtime and pipeline.
 */
describe('Telegram channel, long polling, against telegram-test-api', () => {
  let peer: TelegramPeer;
  let svc: TestService;
  const t = (lang: Lang, key: string): string => svc.runtime.i18n.t(lang, key);
  const html = (markdown: string): string => renderMarkup(markdown, 'html');

  beforeAll(async () => {
    peer = await startTelegramPeer();
    svc = await startTestService({ TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: peer.apiRoot });
  });
  afterAll(async () => {
    await svc?.close();
    await peer?.close();
  });

  it('sets the command menu for private chats in every language, plus a default', async () => {
    await peer.waitFor('six setMyCommands calls', () => peer.calls.filter((c) => c.method === 'setMyCommands').length >= 6);
    const menus = peer.calls.filter((c) => c.method === 'setMyCommands').map((c) => c.body);
    for (const lang of LANGS) {
      const menu = menus.find((m) => m.language_code === lang);
      expect(menu?.scope).toEqual({ type: 'all_private_chats' });
      expect(menu?.commands).toEqual(['start', 'help', 'lang', 'human', 'forget'].map((command) => ({ command, description: t(lang, `commandMenu.${command}`) })));
    }
    expect(menus.some((m) => m.language_code === undefined)).toBe(true);
    expect(peer.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
  });

  it('greets /start in the language Telegram reports, with language and topic buttons', async () => {
    const client = peer.client({ chatId: 101, userId: 101 });
    await client.sendCommand(client.makeCommand('/start', { from: { language_code: 'uk' } }));
    const [greeting, languages, topics] = await peer.waitForBotMessages(101, 3);
    expect(greeting?.text).toBe(html(t('uk', 'greeting')));
    expect(greeting?.parseMode).toBe('HTML');
    expect(greeting?.linkPreviewsOff).toBe(true);
    expect(languages?.text).toBe(html(t('uk', 'lang.choose')));
    expect(languages?.keyboard?.flat()).toContainEqual(['Українська', 'lang:uk']);
    expect(languages?.keyboard?.flat()).toHaveLength(5);
    expect(topics?.text).toBe(html(t('uk', 'topicsPrompt')));
    const topicButtons = topics?.keyboard?.flat() ?? [];
    expect(topicButtons.length).toBeGreaterThan(2);
    expect(topicButtons.every(([, data]) => data.startsWith('entry:'))).toBe(true);
    expect(topicButtons).toContainEqual([svc.runtime.knowledge.title('czech.courses', 'uk'), 'entry:czech.courses']);
  });

  it('answers a pressed button (answerCallbackQuery) and acts on it as the typed choice', async () => {
    const client = peer.client({ chatId: 102, userId: 102 });
    await client.sendCommand(client.makeCommand('/start', { from: { language_code: 'ru' } }));
    await peer.waitForBotMessages(102, 3);
    await client.sendCallback(client.makeCallbackQuery('lang:vi', { from: { language_code: 'ru' } }));
    const afterLang = await peer.waitForBotMessages(102, 4);
    expect(afterLang[3]?.text).toBe(html(t('vi', 'lang.changed')));
    expect(peer.calls.filter((c) => c.method === 'answerCallbackQuery').length).toBeGreaterThan(0);

    await client.sendCallback(client.makeCallbackQuery('entry:czech.courses'));
    const afterTopic = await peer.waitForBotMessages(102, 5);
    const answer = svc.runtime.knowledge.answer('czech.courses', 'vi', new Date());
    expect(answer).not.toBeNull();
    expect(afterTopic[4]?.text).toBe(html(answer?.text ?? ''));
    const conversation = await svc.runtime.store.conversations.get('telegram:102');
    expect(conversation?.lang).toBe('vi');
    expect(conversation?.langLocked).toBe(true);
  });

  it('talks to people in all five languages', async () => {
    const questions: Record<Lang, string> = {
      cs: 'Jak se přihlásit na kurz češtiny v Centru pro cizince?',
      en: 'How do I sign up for a free Czech course at the Centre for Foreigners?',
      uk: 'Як записатися на безкоштовний курс чеської в Центрі для іноземців?',
      ru: 'Как записаться на бесплатные курсы чешского в Центре для иностранцев?',
      vi: 'Làm sao đăng ký khóa học tiếng Séc miễn phí ở Trung tâm cho người nước ngoài?',
    };
    let chat = 110;
    for (const lang of LANGS) {
      chat++;
      const client = peer.client({ chatId: chat, userId: chat });
      // Telegram's language hint says English: the question's own language must win.
      await client.sendMessage(client.makeMessage(questions[lang], { from: { language_code: 'en' } }));
      const [reply] = await peer.waitForBotMessages(chat, 1);
      const expected = svc.runtime.knowledge.answer('czech.courses', lang, new Date());
      expect(expected?.lang).toBe(lang);
      expect(reply?.text, lang).toBe(html(expected?.text ?? ''));
      // The transcript entry is written just after the send, so wait for it too.
      let recorded: TranscriptMessage | undefined;
      await peer.waitFor(`the transcript of chat ${chat}`, () => recorded !== undefined, 5000, async () => {
        recorded = (await svc.runtime.store.conversations.messages(`telegram:${chat}`)).find((m) => m.role === 'bot');
      });
      expect(recorded?.lang).toBe(lang);
      expect(recorded?.delivery?.status).toBe('sent');
    }
  });

  it('answers a sticker politely, and ignores edited messages, group chats and other bots', async () => {
    const sticker = peer.client({ chatId: 121, userId: 121 });
    await sticker.sendMessage(sticker.makeMessage('', { from: { language_code: 'ru' }, sticker: { file_id: 'sticker-1' } }));
    const [polite] = await peer.waitForBotMessages(121, 1);
    expect(polite?.text).toBe(html(t('ru', 'error.textOnly')));

    const group = peer.client({ chatId: -500, userId: 122, type: 'group' });
    await group.sendMessage(group.makeMessage('Jak se přihlásit na kurz češtiny v Centru pro cizince?'));
    const otherBot = peer.client({ chatId: 123, userId: 123 });
    await otherBot.sendMessage(otherBot.makeMessage('How do I sign up for a Czech course?', { from: { is_bot: true } }));
    await peer.injectUpdate({
      update_id: 90_001,
      edited_message: { message_id: 5, date: 1, edit_date: 2, chat: { id: 124, type: 'private' }, from: { id: 124, is_bot: false, first_name: 'E' }, text: 'edited question' },
    });
    // Batches are handled one after another: once a message sent after the next batch is answered,
    // every earlier update has been handled.
    const sentinel = peer.client({ chatId: 125, userId: 125 });
    await sentinel.sendMessage(sentinel.makeMessage('How do I sign up for a free Czech course at the Centre for Foreigners?'));
    await peer.waitForBotMessages(125, 1);
    await sentinel.sendCommand(sentinel.makeCommand('/help'));
    await peer.waitForBotMessages(125, 2);

    expect(peer.botMessages(-500)).toHaveLength(0);
    expect(peer.botMessages(123)).toHaveLength(0);
    expect(peer.botMessages(124)).toHaveLength(0);
    for (const id of ['telegram:-500', 'telegram:123', 'telegram:124']) expect(await svc.runtime.store.conversations.get(id)).toBeNull();
  });

  it('handles an update delivered twice only once', async () => {
    const update = {
      update_id: 90_010,
      message: { message_id: 77, date: Math.floor(Date.now() / 1000), chat: { id: 131, type: 'private' }, from: { id: 131, is_bot: false, first_name: 'D', language_code: 'cs' }, text: 'Jak se přihlásit na kurz češtiny v Centru pro cizince?' },
    };
    await peer.injectUpdate(update);
    await peer.injectUpdate(update);
    const client = peer.client({ chatId: 131, userId: 131 });
    await client.sendCommand(client.makeCommand('/help', { from: { language_code: 'cs' } }));
    // The /help is fetched after the batch with both copies was handled, so its answer comes last.
    const messages = await peer.waitForBotMessages(131, 2);
    expect(peer.botMessages(131)).toHaveLength(2);
    expect(messages[1]?.text).toBe(html(t('cs', 'help')));
    const transcript = await svc.runtime.store.conversations.messages('telegram:131');
    expect(transcript.filter((m) => m.role === 'user')).toHaveLength(2);
  });

  it('sends what staff write as text, never as markup', async () => {
    await svc.runtime.channels.send({ channel: 'telegram', thread: '141', user: '141' }, { type: 'text', text: 'Bring <b>form</b> & "passport"' }, 'en');
    const [message] = await peer.waitForBotMessages(141, 1);
    expect(message?.text).toBe('Bring &lt;b&gt;form&lt;/b&gt; &amp; &quot;passport&quot;');
  });

  it('keeps polling after getUpdates is refused (409: another poller or a webhook)', async () => {
    peer.script('getUpdates', { status: 409, body: { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request' } });
    await peer.waitFor('the refusal served', () => peer.scripted('getUpdates') === 0);
    const client = peer.client({ chatId: 151, userId: 151 });
    await client.sendCommand(client.makeCommand('/help', { from: { language_code: 'en' } }));
    const [help] = await peer.waitForBotMessages(151, 1);
    expect(help?.text).toBe(html(t('en', 'help')));
  });
});
