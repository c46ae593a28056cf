import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/errors.js';
import type { Lang } from '../../src/core/language.js';
import { LocalConnector, incoming, type BotActivity } from '../support/botframework-peer.js';
import { startTestService, type TestService } from '../support/runtime.js';

/**
 * The Bot Framework channel in Emulator mode (no app credentials): activities are POSTed to
 * /api/messages as a channel would, and botbuilder delivers the replies to the activity's
 * serviceUrl, a local connector that records them.
 */
describe('Bot Framework channel (no credentials: Emulator mode)', () => {
  let svc: TestService;
  let connector: LocalConnector;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
  });
  afterAll(async () => {
    await connector.close();
  });
  beforeEach(async () => {
    connector.calls.length = 0;
    connector.refused.clear();
    svc = await startTestService({ BOTFRAMEWORK_ENABLED: 'true' });
  });
  afterEach(async () => {
    await svc.close();
  });

  const post = (activity: Record<string, unknown>, headers: Record<string, string> = {}) =>
    svc.app.inject({ method: 'POST', url: '/api/messages', payload: activity, headers });
  const texts = (conversationId: string): string[] => connector.for(conversationId).map((a) => a.text ?? '');
  const conversation = (thread: string) => svc.runtime.store.conversations.get(`botframework:${thread}`);

  it('answers a message through the connector at the activity serviceUrl, as a reply to it', async () => {
    const activity = incoming(connector.url, { conversation: { id: 'conv-en' }, text: 'Which foreigners can be in Czech public health insurance?' });
    const res = await post(activity);
    expect(res.statusCode).toBe(200);
    const calls = connector.calls.filter((c) => c.conversationId === 'conv-en');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0]?.replyToId).toBe(activity.id);
    const expected = svc.runtime.knowledge.answer('health.insurance', 'en', new Date())?.text;
    expect(expected).toBeTruthy();
    expect(calls.map((c) => c.activity.text)).toContain(expected);
    expect(calls[0]?.activity.textFormat).toBe('markdown');
    expect(calls[0]?.activity.locale).toBe('en');
    // Emulator mode: nothing to authenticate with.
    expect(calls[0]?.authorization).toBeNull();
  });

  it('talks to people in all five languages through the channel', async () => {
    const questions: Record<Lang, string> = {
      cs: 'Kdo z cizinců má nárok na veřejné zdravotní pojištění?',
      en: 'Which foreigners can be in Czech public health insurance?',
      uk: 'Хто з іноземців може бути в державному медичному страхуванні в Чехії?',
      ru: 'Кто из иностранцев может быть в государственном медицинском страховании в Чехии?',
      vi: 'Người nước ngoài nào được tham gia bảo hiểm y tế công ở Séc?',
    };
    for (const [lang, text] of Object.entries(questions) as [Lang, string][]) {
      const res = await post(incoming(connector.url, { conversation: { id: `conv-${lang}` }, text }));
      expect(res.statusCode).toBe(200);
      const answer = svc.runtime.knowledge.answer('health.insurance', lang, new Date());
      expect(answer?.lang).toBe(lang);
      expect(texts(`conv-${lang}`), lang).toContain(answer?.text);
      expect((await conversation(`emulator:conv-${lang}`))?.lang).toBe(lang);
    }
  });

  it('lets the activity locale seed the language when there are no words to tell it', async () => {
    await post(incoming(connector.url, { conversation: { id: 'conv-locale' }, text: 'help', value: { postback: 'help' }, locale: 'vi-VN' }));
    expect(texts('conv-locale')).toEqual([svc.runtime.i18n.t('vi', 'help')]);
    expect((await conversation('emulator:conv-locale'))?.lang).toBe('vi');
  });

  it("takes the Teams client's locale (clientInfo entity) when the activity has none", async () => {
    await post(
      incoming(connector.url, {
        type: 'conversationUpdate',
        channelId: 'msteams',
        conversation: { id: 'a:teams-ru', conversationType: 'personal' },
        membersAdded: [{ id: 'bot-1', name: 'CentreBot' }],
        entities: [{ type: 'clientInfo', locale: 'ru-RU', country: 'CZ', platform: 'Web' }],
      }),
    );
    expect(texts('a:teams-ru')[0]).toBe(svc.runtime.i18n.t('ru', 'greeting'));
  });

  it('greets a new member once on conversationUpdate, with the choices as suggested actions', async () => {
    const update = () =>
      incoming(connector.url, {
        type: 'conversationUpdate',
        conversation: { id: 'conv-welcome' },
        membersAdded: [{ id: 'user-1', name: 'Olena Test' }, { id: 'bot-1', name: 'CentreBot' }],
        locale: 'cs-CZ',
      });
    expect((await post(update())).statusCode).toBe(200);
    const first = connector.for('conv-welcome');
    expect(first[0]?.text).toBe(svc.runtime.i18n.t('cs', 'greeting'));
    const langChoice = first.find((a) => a.text === svc.runtime.i18n.t('cs', 'lang.choose'));
    const actions = langChoice?.suggestedActions?.actions ?? [];
    expect(actions).toHaveLength(5);
    // The Emulator (like Direct Line) sends a messageBack's value back without showing it.
    expect(actions[2]).toMatchObject({ type: 'messageBack', title: 'Українська', displayText: 'Українська', value: { postback: 'lang:uk' } });

    // The same member again (the Emulator reconnecting), and the bot being added alone: no second greeting.
    await post(update());
    await post(incoming(connector.url, { type: 'conversationUpdate', conversation: { id: 'conv-welcome' }, membersAdded: [{ id: 'bot-1', name: 'CentreBot' }] }));
    expect(connector.for('conv-welcome')).toHaveLength(first.length);
  });

  it('greets nobody in a group conversation', async () => {
    await post(
      incoming(connector.url, { type: 'conversationUpdate', conversation: { id: 'conv-group', isGroup: true }, membersAdded: [{ id: 'user-9', name: 'New Colleague' }] }),
    );
    expect(connector.for('conv-group')).toHaveLength(0);
    expect(await conversation('emulator:conv-group')).toBeNull();
  });

  it('takes a pressed suggested action (messageBack value) as the button it was', async () => {
    const res = await post(incoming(connector.url, { conversation: { id: 'conv-press' }, text: 'Українська', value: { postback: 'lang:uk' } }));
    expect(res.statusCode).toBe(200);
    expect(texts('conv-press')).toEqual([svc.runtime.i18n.t('uk', 'lang.changed')]);
    const c = await conversation('emulator:conv-press');
    expect(c?.lang).toBe('uk');
    expect(c?.langLocked).toBe(true);
  });

  it('on Teams: removes the @mention, sends imBack buttons and lists choices longer than three', async () => {
    const teams = (over: Record<string, unknown>) =>
      incoming(connector.url, { channelId: 'msteams', conversation: { id: 'a:teams-personal', conversationType: 'personal', tenantId: 'tenant-1' }, ...over });
    await post(
      teams({
        text: '<at>CentreBot</at> /forget',
        entities: [{ type: 'mention', text: '<at>CentreBot</at>', mentioned: { id: 'bot-1', name: 'CentreBot' } }],
      }),
    );
    const confirm = connector.for('a:teams-personal').at(-1);
    expect(confirm?.text).toBe(svc.runtime.i18n.t('en', 'forget.confirm'));
    // Teams supports only imBack here: the label comes back as the user's words.
    expect(confirm?.suggestedActions?.actions).toEqual([
      { type: 'imBack', title: svc.runtime.i18n.t('en', 'forget.yes'), value: svc.runtime.i18n.t('en', 'forget.yes') },
      { type: 'imBack', title: svc.runtime.i18n.t('en', 'forget.no'), value: svc.runtime.i18n.t('en', 'forget.no') },
    ]);
    await post(teams({ text: svc.runtime.i18n.t('en', 'forget.no') }));
    expect(connector.for('a:teams-personal').at(-1)?.text).toBe(svc.runtime.i18n.t('en', 'forget.cancelled'));

    await post(teams({ text: '/lang' }));
    const list = connector.for('a:teams-personal').at(-1);
    expect(list?.suggestedActions).toBeUndefined();
    expect(list?.text).toContain('3. Українська');
    await post(teams({ text: '3' }));
    expect(connector.for('a:teams-personal').at(-1)?.text).toBe(svc.runtime.i18n.t('uk', 'lang.changed'));
  });

  it("returns the replies in the HTTP answer for deliveryMode 'expectReplies' and calls no connector", async () => {
    const res = await post(incoming(connector.url, { conversation: { id: 'conv-expect' }, text: '/help', deliveryMode: 'expectReplies' }));
    expect(res.statusCode).toBe(200);
    const body = res.json<{ activities: BotActivity[] }>();
    expect(body.activities.map((a) => a.text)).toEqual([svc.runtime.i18n.t('en', 'help')]);
    expect(body.activities[0]?.conversation?.id).toBe('conv-expect');
    expect(connector.calls).toHaveLength(0);
  });

  it('answers two activities of one conversation arriving together each as a reply to its own', async () => {
    const help = incoming(connector.url, { conversation: { id: 'conv-pair' }, text: '/help' });
    const start = incoming(connector.url, { conversation: { id: 'conv-pair' }, text: '/start' });
    const [a, b] = await Promise.all([post(help), post(start)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const calls = connector.calls.filter((c) => c.conversationId === 'conv-pair');
    expect(calls.filter((c) => c.replyToId === help.id).map((c) => c.activity.text)).toEqual([svc.runtime.i18n.t('en', 'help')]);
    const toStart = calls.filter((c) => c.replyToId === start.id);
    expect(toStart[0]?.activity.text).toBe(svc.runtime.i18n.t('en', 'greeting'));
    expect(toStart).toHaveLength(3);
  });

  it('handles a redelivered activity once', async () => {
    const activity = incoming(connector.url, { conversation: { id: 'conv-dup' }, text: '/help' });
    await post(activity);
    await post(activity);
    expect(texts('conv-dup')).toEqual([svc.runtime.i18n.t('en', 'help')]);
  });

  it('stores the conversation reference (without names) and sends later messages proactively', async () => {
    await post(incoming(connector.url, { conversation: { id: 'conv-later' }, text: '/help', from: { id: 'user-7', name: 'Private Person' } }));
    const stored = await conversation('emulator:conv-later');
    expect(stored?.address.user).toBe('emulator:user-7');
    const ref = stored?.address.ref as { serviceUrl: string; conversation: { id: string }; user: { id: string; name: string } };
    expect(ref.serviceUrl).toBe(connector.url);
    expect(ref.conversation.id).toBe('conv-later');
    expect(ref.user).toEqual({ id: 'user-7', name: '' });
    expect(JSON.stringify(stored)).not.toContain('Private Person');

    // As a staff reply (#8) would: from the stored address, outside any turn.
    const sent = await svc.runtime.channels.send(stored!.address, { type: 'text', text: 'A reply from the **Centre**.' }, 'en');
    expect(sent.externalId).toMatch(/^sent-/);
    const last = connector.for('conv-later').at(-1);
    expect(last?.text).toBe('A reply from the **Centre**.');
    expect(last?.locale).toBe('en');
  });

  it('reports a connector refusal as permanent, and the pipeline marks the user unreachable', async () => {
    await post(incoming(connector.url, { conversation: { id: 'conv-gone' }, text: '/help' }));
    const stored = await conversation('emulator:conv-gone');
    connector.refused.add('conv-gone');
    const failure = await svc.runtime.channels.send(stored!.address, { type: 'text', text: 'hello' }, 'en').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).permanent).toBe(true);

    const res = await post(incoming(connector.url, { conversation: { id: 'conv-gone' }, text: '/help' }));
    expect(res.statusCode).toBe(200);
    expect((await conversation('emulator:conv-gone'))?.unreachable?.reason).toBeTruthy();
  });

  it('refuses a proactive send to an address without a conversation reference', async () => {
    const failure = await svc.runtime.channels
      .send({ channel: 'botframework', thread: 'emulator:nowhere', user: 'emulator:nobody' }, { type: 'text', text: 'hello' }, 'en')
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).permanent).toBe(true);
  });

  it('apologises in the activity language when the turn fails (here: the store is gone)', async () => {
    await svc.runtime.store.close();
    const res = await post(incoming(connector.url, { conversation: { id: 'conv-broken' }, text: '/help', locale: 'cs-CZ' }));
    expect(res.statusCode).toBe(200);
    expect(texts('conv-broken')).toEqual([svc.runtime.i18n.t('cs', 'error.generic')]);
  });

  it('ignores activity types that are not for the pipeline, and refuses a body that is not an activity', async () => {
    const typing = await post(incoming(connector.url, { type: 'typing', conversation: { id: 'conv-typing' } }));
    expect(typing.statusCode).toBe(200);
    expect(await conversation('emulator:conv-typing')).toBeNull();
    const bad = await post({ text: 'no type' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('Bot Framework channel switched off', () => {
  it('does not mount /api/messages without its settings', async () => {
    const svc = await startTestService();
    try {
      expect(svc.runtime.botframework).toBeNull();
      expect(svc.runtime.channels.get('botframework')).toBeUndefined();
      const res = await svc.app.inject({ method: 'POST', url: '/api/messages', payload: { type: 'message' } });
      expect(res.statusCode).toBe(404);
    } finally {
      await svc.close();
    }
  });
});
