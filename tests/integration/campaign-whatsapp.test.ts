import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConversation } from '../../src/core/conversation.js';
import type { Preview } from '../../src/campaigns/preview.js';
import { EDITOR, finished, seedSubscribers } from '../support/campaigns.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { notification, sign, startGraphServer } from '../support/whatsapp-peer.js';

/**
 * WhatsApp Cloud API: free-form messages only within 24 hours of the user's last message; past
 * that only an approved template may go. The editor is told before sending, and the job sends the
 * configured template (or drops the recipient, saying why, when there is none).
 */
const SECRET = 'app-secret-for-tests';
const PHONE_ID = '1098765';
let graph: Awaited<ReturnType<typeof startGraphServer>>;

const cloudEnv = (template: string | null) => ({
  WHATSAPP_MODE: 'cloud',
  WHATSAPP_VERIFY_TOKEN: 'verify-token-for-tests',
  WHATSAPP_APP_SECRET: SECRET,
  WHATSAPP_TOKEN: 'graph-token-for-tests',
  WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
  WHATSAPP_GRAPH_URL: graph.url,
  ...(template ? { WHATSAPP_TEMPLATE_NAME: template, WHATSAPP_TEMPLATE_LANG: 'cs' } : {}),
  CAMPAIGN_WHATSAPP_TEMPLATE_PARAM: 'text',
  CAMPAIGN_POLL_MS: '20',
  CAMPAIGN_RETRY_BASE_MS: '20',
});

let seq = 0;
async function userWrites(svc: TestService, from: string, text: string): Promise<void> {
  const raw = notification(PHONE_ID, { messages: [{ from, id: `wamid.IN${++seq}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }] });
  const res = await svc.app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw, SECRET) }, payload: raw });
  expect(res.statusCode).toBe(200);
}

/** A subscriber whose last message was two days ago. */
async function quietFor2Days(svc: TestService, phone: string): Promise<void> {
  const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
  await svc.runtime.store.conversations.save({ ...newConversation({ channel: 'whatsapp', thread: phone, user: phone }, twoDaysAgo), lang: 'cs', lastUserAt: twoDaysAgo.toISOString() });
}

const sentTo = (phone: string) => graph.calls.filter((c) => c.body.to === phone);

beforeAll(async () => {
  graph = await startGraphServer();
});
afterAll(async () => {
  await graph?.close();
});

describe('announcements on the WhatsApp Cloud API, with a template configured', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(cloudEnv('centre_news'));
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('subscribes by message, warns the editor about the 24-hour window, and sends text inside it and the template outside', async () => {
    const recent = '420777300001';
    await userWrites(svc, recent, '/subscribe events');
    await until(async () => (await svc.runtime.store.subscriptions.get('whatsapp', recent)) !== null);
    const [quiet = '', never = ''] = await seedSubscribers(svc.runtime.store, { channel: 'whatsapp', first: 420777300100, count: 2, topics: ['events'], lang: 'cs' });
    await quietFor2Days(svc, quiet);

    const texts = { cs: 'Den otevřených dveří v **sobotu**.\nPřijďte!', en: 'Open day on **Saturday**.' };
    const preview: Preview = await svc.runtime.campaigns.preview({ texts, topics: ['events'] });
    expect(preview.whatsapp).toEqual({ subscribers: 3, outsideWindow: 2, template: 'centre_news' });
    expect(preview.warnings.join('\n')).toContain('2 of 3 WhatsApp subscriber(s) wrote longer ago and get the approved template "centre_news"');
    expect(preview.channels.find((c) => c.channel === 'whatsapp' && c.lang === 'cs')?.text).toContain('*sobotu*');

    const before = sentTo(recent).length;
    const a = await svc.runtime.campaigns.create(EDITOR, { name: 'open day', texts, topics: ['events'] });
    await svc.runtime.campaigns.schedule(EDITOR, a.id, null);
    const done = await finished(svc.runtime.store, a.id);
    expect(done.totals).toMatchObject({ sent: 1, template: 2, dropped: 0, failed: 0 });

    const text = sentTo(recent).slice(before);
    expect(text).toHaveLength(1);
    expect(text[0]?.body).toMatchObject({ type: 'text', text: { body: expect.stringContaining('*sobotu*') } });
    for (const phone of [quiet, never]) {
      const calls = sentTo(phone);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.body).toMatchObject({
        type: 'template',
        template: { name: 'centre_news', language: { code: 'cs' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Den otevřených dveří v sobotu. · Přijďte!' }] }] },
      });
    }
    const view = await svc.runtime.campaigns.view(a.id);
    expect(view.errors.find((e) => e.status === 'template')?.count).toBe(2);
  });

  it('drops a number WhatsApp cannot deliver to, and ends its subscription', async () => {
    const [phone = ''] = await seedSubscribers(svc.runtime.store, { channel: 'whatsapp', first: 420777300200, count: 1, topics: ['czech'], lang: 'en' });
    await userWrites(svc, phone, 'Hello');
    graph.refuse.set(phone, { status: 400, code: 131026, message: 'Message undeliverable' });
    const a = await svc.runtime.campaigns.create(EDITOR, { name: 'undeliverable', texts: { en: 'Czech courses start.' }, topics: ['czech'] });
    await svc.runtime.campaigns.schedule(EDITOR, a.id, null);
    const done = await finished(svc.runtime.store, a.id);
    expect(done.totals).toMatchObject({ dropped: 1, sent: 0 });
    expect(await svc.runtime.store.subscriptions.get('whatsapp', phone)).toBeNull();
    graph.refuse.delete(phone);
  });
});

describe('announcements on the WhatsApp Cloud API without a template', () => {
  it('tells the editor those outside the window will not get it, and drops them saying why', async () => {
    const svc = await startTestService(cloudEnv(null));
    try {
      const [quiet = ''] = await seedSubscribers(svc.runtime.store, { channel: 'whatsapp', first: 420777300300, count: 1, topics: ['residence'], lang: 'cs' });
      await quietFor2Days(svc, quiet);
      const preview = await svc.runtime.campaigns.preview({ texts: { cs: 'Změna pravidel.' }, topics: ['residence'] });
      expect(preview.whatsapp).toEqual({ subscribers: 1, outsideWindow: 1, template: null });
      expect(preview.warnings.join('\n')).toContain('no template is configured (WHATSAPP_TEMPLATE_NAME), so they will not get it');
      const a = await svc.runtime.campaigns.create(EDITOR, { name: 'no template', texts: { cs: 'Změna pravidel.' }, topics: ['residence'] });
      await svc.runtime.campaigns.schedule(EDITOR, a.id, null);
      const done = await finished(svc.runtime.store, a.id);
      expect(done.totals).toMatchObject({ dropped: 1 });
      expect(sentTo(quiet)).toHaveLength(0);
      const view = await svc.runtime.campaigns.view(a.id);
      expect(view.errors[0]?.error).toContain('outside the 24-hour window and no template is configured');
      // Outside the window is not a refusal by the user: they stay subscribed.
      expect(await svc.runtime.store.subscriptions.get('whatsapp', quiet)).not.toBeNull();
    } finally {
      await svc.close();
    }
  });
});

async function until(ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
