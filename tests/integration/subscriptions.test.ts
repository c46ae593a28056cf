import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignUserData } from '../../src/campaigns/user-data.js';
import type { Content } from '../../src/core/message.js';
import { EDITOR, finished } from '../support/campaigns.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { startTelegramPeer, TEST_BOT_TOKEN, type TelegramPeer } from '../support/telegram-peer.js';
import { say, texts } from '../support/webchat-client.js';

let svc: TestService;
let peer: TelegramPeer;
beforeAll(async () => {
  peer = await startTelegramPeer();
  svc = await startTestService({ TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: peer.apiRoot, CAMPAIGN_POLL_MS: '20' });
  // The campaigns' part of "forget me" and of the right of access (the runtime may register it already).
  if (!svc.runtime.privacy.partNames.includes('subscriptions')) svc.runtime.privacy.register(campaignUserData(svc.runtime.store));
});
afterAll(async () => {
  await svc?.close();
  await peer?.close();
});

let n = 0;
const visitor = (): string => `sub-visitor-${process.pid}-${++n}`;
/** The menu's options; the first reply of a new conversation may be the privacy notice. */
const options = (replies: Content[]) => replies.flatMap((c) => (c.type === 'choice' ? c.options : []));

describe('subscriptions, by command and button, through the web chat', () => {
  it('offers the topics in the user language, ticks what they chose, and keeps address, language and topics', async () => {
    const v = visitor();
    await say(svc.app, v, { text: 'Dobrý den, potřebuji poradit', lang: 'cs' });
    const menu = await say(svc.app, v, { text: '/subscribe' });
    expect(texts(menu.replies)).toContain('Co chcete dostávat?');
    expect(options(menu.replies).map((o) => o.value)).toEqual(['sub:centre', 'sub:czech', 'sub:events', 'sub:residence', 'subs:done']);
    expect(options(menu.replies)[1]?.label).toBe('⬜ Kurzy češtiny');

    const done = await say(svc.app, v, { postback: 'sub:czech' });
    expect(texts(done.replies)).toContain('budete dostávat **Kurzy češtiny**');
    expect(options(done.replies).find((o) => o.value === 'unsub:czech')?.label).toBe('✅ Kurzy češtiny');
    const stored = await svc.runtime.store.subscriptions.get('webchat', v);
    expect(stored).toMatchObject({ channel: 'webchat', user: v, topics: ['czech'], lang: 'cs', address: { channel: 'webchat', thread: v, user: v } });
    // No message text in it: only where to send, the language and the topics.
    expect(JSON.stringify(stored)).not.toContain('poradit');
  });

  it('takes a typed option number on the menu, and command words of any language', async () => {
    const v = visitor();
    await say(svc.app, v, { text: 'Hello, I have a question', lang: 'en' });
    const menu = await say(svc.app, v, { text: 'odebírat' });
    expect(options(menu.replies).length).toBeGreaterThan(3);
    await say(svc.app, v, { text: '3' });
    expect((await svc.runtime.store.subscriptions.get('webchat', v))?.topics).toEqual(['events']);
    await say(svc.app, v, { text: '/subscribe residence' });
    expect((await svc.runtime.store.subscriptions.get('webchat', v))?.topics).toEqual(['events', 'residence']);
  });

  it('unsubscribes from one topic, then from everything in one message, without asking twice', async () => {
    const v = visitor();
    await say(svc.app, v, { text: '/subscribe czech' });
    await say(svc.app, v, { text: '/subscribe events' });
    const one = await say(svc.app, v, { text: '/unsubscribe czech' });
    expect(texts(one.replies)).toContain('You will no longer receive **Czech courses**');
    expect((await svc.runtime.store.subscriptions.get('webchat', v))?.topics).toEqual(['events']);
    const all = await say(svc.app, v, { text: 'unsubscribe' });
    expect(texts(all.replies)).toContain('you will not receive any more announcements');
    expect(await svc.runtime.store.subscriptions.get('webchat', v)).toBeNull();
    const again = await say(svc.app, v, { text: '/unsubscribe' });
    expect(texts(again.replies)).toContain('You were not subscribed');
  });

  it('answers an unknown topic with the menu, and the stop-all button stops all', async () => {
    const v = visitor();
    const unknown = await say(svc.app, v, { text: '/subscribe football' });
    expect(options(unknown.replies).map((o) => o.value)).toContain('sub:czech');
    await say(svc.app, v, { postback: 'sub:centre' });
    const menu = await say(svc.app, v, { text: '/subscribe' });
    expect(options(menu.replies).map((o) => o.value)).toContain('unsub:all');
    await say(svc.app, v, { postback: 'unsub:all' });
    expect(await svc.runtime.store.subscriptions.get('webchat', v)).toBeNull();
    // Questions still reach the knowledge base: only the command words are taken.
    const question = await say(svc.app, v, { text: 'How do I sign up for a Czech course?' });
    expect(question.replies[0]).toMatchObject({ type: 'text' });
    expect(texts(question.replies)).not.toContain('What would you like to receive');
  });
});

describe('subscriptions on Telegram', () => {
  it('shows inline buttons and subscribes the Telegram user who pressed one', async () => {
    const client = peer.client({ chatId: 7101, userId: 7101 });
    await client.sendCommand(client.makeCommand('/subscribe'));
    await peer.waitFor('the menu', () => peer.botMessages(7101).some((m) => m.keyboard !== null));
    const menu = peer.botMessages(7101).find((m) => m.keyboard !== null);
    expect(menu?.keyboard?.flat().map(([, data]) => data)).toEqual(expect.arrayContaining(['sub:centre', 'sub:czech', 'subs:done']));
    const before = peer.botMessages(7101).length;
    await client.sendCallback(client.makeCallbackQuery('sub:residence'));
    await peer.waitForBotMessages(7101, before + 1);
    const stored = await svc.runtime.store.subscriptions.get('telegram', '7101');
    expect(stored).toMatchObject({ topics: ['residence'], address: { channel: 'telegram', thread: '7101', user: '7101' } });
  });
});

describe('forget me and the right of access cover subscriptions and announcements received', () => {
  it('exports the subscription and what was sent, then erases both on "forget me", keeping only counts', async () => {
    const v = visitor();
    await say(svc.app, v, { text: 'Dobrý den', lang: 'cs' });
    await say(svc.app, v, { text: '/subscribe czech' });
    const a = await svc.runtime.campaigns.create(EDITOR, { name: 'forget test', texts: { cs: 'Kurzy od ledna.' }, topics: ['czech'] });
    await svc.runtime.campaigns.schedule(EDITOR, a.id, null);
    await finished(svc.runtime.store, a.id);
    const user = { channel: 'webchat' as const, user: v };
    const exported = await svc.runtime.privacy.export(user, 'staff-1');
    expect(exported.data.subscriptions).toMatchObject({
      subscription: { topics: ['czech'], lang: 'cs' },
      announcements: [{ announcement: 'forget test', text: 'Kurzy od ledna.', lang: 'cs', status: 'sent' }],
    });

    await say(svc.app, v, { text: '/forget' });
    const done = await say(svc.app, v, { postback: 'forget:yes' });
    expect(done.status).toBe(200);
    expect(await svc.runtime.store.subscriptions.get('webchat', v)).toBeNull();
    expect(await svc.runtime.store.announcements.deliveriesOf('webchat', v)).toEqual([]);
    expect(await svc.runtime.store.announcements.getDelivery(a.id, `webchat:${v}`)).toBeNull();
    // The announcement's counts name nobody, so they stay.
    expect((await svc.runtime.campaigns.view(a.id)).counts.sent).toBeGreaterThanOrEqual(1);
    const after = await svc.runtime.privacy.export(user, 'staff-1');
    expect(after.data.subscriptions).toEqual({ subscription: null, announcements: [] });
  });
});
