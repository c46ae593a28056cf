import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WindowClosedError } from '../../adapters/whatsapp/index.js';
import type { WhatsappRef } from '../../adapters/whatsapp/cloud-status.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { Lang } from '../../src/core/language.js';
import { renderMarkup } from '../../src/conversation/render.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { notification, sign, startGraphServer, type GraphCall } from '../support/whatsapp-peer.js';

const SECRET = 'app-secret-for-tests';
const VERIFY = 'verify-token-for-tests';
const PHONE_ID = '1098765';

let svc: TestService;
let graph: Awaited<ReturnType<typeof startGraphServer>>;
let offsetMs = 0;
const clock = (): Date => new Date(Date.now() + offsetMs);

beforeAll(async () => {
  graph = await startGraphServer();
  svc = await startTestService(
    {
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_VERIFY_TOKEN: VERIFY,
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_TOKEN: 'graph-token-for-tests',
      WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
      WHATSAPP_GRAPH_URL: graph.url,
      WHATSAPP_TEMPLATE_NAME: 'centre_follow_up',
      WHATSAPP_TEMPLATE_LANG: 'cs',
    },
    { clock },
  );
});
afterAll(async () => {
  await svc?.close();
  await graph?.close();
});

let seq = 0;
/** A fresh WhatsApp user, so tests do not share conversations. */
const user = (prefix = '420777'): string => `${prefix}${String(100000 + ++seq)}`;
const msgId = (): string => `wamid.IN${++seq}`;
const ts = (): string => String(Math.floor(clock().getTime() / 1000));

function textMessage(from: string, text: string, id = msgId()): Record<string, unknown> {
  return { from, id, timestamp: ts(), type: 'text', text: { body: text } };
}

async function deliver(value: Parameters<typeof notification>[1], opts: { signature?: string | null; phoneId?: string } = {}): Promise<{ statusCode: number; body: string }> {
  const raw = notification(opts.phoneId ?? PHONE_ID, value);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature = opts.signature === undefined ? sign(raw, SECRET) : opts.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const res = await svc.app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers, payload: raw });
  return { statusCode: res.statusCode, body: res.body };
}

const to = (wa: string): GraphCall[] => graph.calls.filter((c) => c.body.to === wa);
const bodyText = (c: GraphCall | undefined): string => {
  const b = c?.body as { text?: { body?: string }; interactive?: { body?: { text?: string } } } | undefined;
  return b?.text?.body ?? b?.interactive?.body?.text ?? '';
};

describe('WhatsApp Cloud API webhook', () => {
  it("answers Meta's verification handshake only with the right token", async () => {
    const ok = await svc.app.inject({ method: 'GET', url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    const wrong = await svc.app.inject({ method: 'GET', url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1' });
    expect(wrong.statusCode).toBe(403);
    const none = await svc.app.inject({ method: 'GET', url: '/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1' });
    expect(none.statusCode).toBe(403);
  });

  it('refuses a bad or missing signature with 401 and processes nothing', async () => {
    const wa = user();
    const forged = await deliver({ messages: [textMessage(wa, 'Dobrý den')] }, { signature: sign('{"other":"body"}', SECRET) });
    expect(forged.statusCode).toBe(401);
    const wrongKey = await deliver({ messages: [textMessage(wa, 'Dobrý den')] }, { signature: sign(notification(PHONE_ID, { messages: [textMessage(wa, 'Dobrý den')] }), 'not-the-secret') });
    expect(wrongKey.statusCode).toBe(401);
    const missing = await deliver({ messages: [textMessage(wa, 'Dobrý den')] }, { signature: null });
    expect(missing.statusCode).toBe(401);
    expect(to(wa)).toHaveLength(0);
    expect(await svc.runtime.store.conversations.get(`whatsapp:${wa}`)).toBeNull();
  });

  it('talks to people in all five languages, replying through the Graph API', async () => {
    const questions: Record<Lang, string> = {
      cs: 'Kdo z cizinců má nárok na veřejné zdravotní pojištění?',
      en: 'Which foreigners can be in Czech public health insurance?',
      uk: 'Хто з іноземців може бути в державному медичному страхуванні в Чехії?',
      ru: 'Кто из иностранцев может быть в государственном медицинском страховании в Чехии?',
      vi: 'Người nước ngoài nào được tham gia bảo hiểm y tế công ở Séc?',
    };
    for (const [lang, text] of Object.entries(questions) as [Lang, string][]) {
      const wa = user('4479');
      const res = await deliver({ contacts: [{ profile: { name: 'Test' }, wa_id: wa }], messages: [textMessage(wa, text)] });
      expect(res.statusCode).toBe(200);
      const answer = svc.runtime.knowledge.answer('health.insurance', lang, clock());
      expect(answer?.lang).toBe(lang);
      const expected = renderMarkup(answer?.text ?? '', 'whatsapp').slice(0, 80);
      const calls = to(wa);
      expect(calls.length, lang).toBeGreaterThan(0);
      expect(calls[0]?.path).toBe(`/v21.0/${PHONE_ID}/messages`);
      expect(calls[0]?.authorization).toBe('Bearer graph-token-for-tests');
      expect(calls[0]?.body).toMatchObject({ messaging_product: 'whatsapp', to: wa, type: 'text' });
      expect(bodyText(calls[0]), lang).toContain(expected);
      expect((await svc.runtime.store.conversations.get(`whatsapp:${wa}`))?.lang).toBe(lang);
    }
  });

  it('handles a replayed message id once', async () => {
    const wa = user();
    const message = textMessage(wa, 'Jak dlouho platí vízum k pobytu nad 90 dnů?');
    expect((await deliver({ messages: [message] })).statusCode).toBe(200);
    const after = to(wa).length;
    expect(after).toBeGreaterThan(0);
    expect((await deliver({ messages: [message] })).statusCode).toBe(200);
    expect(to(wa)).toHaveLength(after);
    const transcript = await svc.runtime.store.conversations.messages(`whatsapp:${wa}`);
    expect(transcript.filter((m) => m.role === 'user')).toHaveLength(1);
  });

  it('offers choices as reply buttons or a list, and understands the pick and a typed number', async () => {
    const wa = user();
    await deliver({ messages: [textMessage(wa, '/lang')] });
    const list = to(wa).at(-1)?.body as { type: string; interactive: { type: string; action: { button: string; sections: { rows: { id: string; title: string }[] }[] } } };
    expect(list.type).toBe('interactive');
    expect(list.interactive.type).toBe('list');
    expect(list.interactive.action.sections[0]?.rows.map((r) => r.id)).toEqual(['lang:cs', 'lang:en', 'lang:uk', 'lang:ru', 'lang:vi']);
    const lang = (await svc.runtime.store.conversations.get(`whatsapp:${wa}`))?.lang ?? 'en';
    expect(list.interactive.action.button).toBe(svc.runtime.i18n.t(lang, 'whatsapp.listButton'));

    await deliver({ messages: [{ from: wa, id: msgId(), timestamp: ts(), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'lang:vi', title: 'Tiếng Việt' } } }] });
    expect(bodyText(to(wa).at(-1))).toBe(svc.runtime.i18n.t('vi', 'lang.changed'));

    // The same list, answered by typing its number as on a text-only channel.
    await deliver({ messages: [textMessage(wa, '/lang')] });
    await deliver({ messages: [textMessage(wa, '2')] });
    expect(bodyText(to(wa).at(-1))).toBe(svc.runtime.i18n.t('en', 'lang.changed'));

    await deliver({ messages: [textMessage(wa, '/forget')] });
    const buttons = to(wa).at(-1)?.body as { interactive: { type: string; action: { buttons: { type: string; reply: { id: string; title: string } }[] } } };
    expect(buttons.interactive.type).toBe('button');
    expect(buttons.interactive.action.buttons.map((b) => b.reply.id)).toEqual(['forget:yes', 'forget:no']);
    await deliver({ messages: [{ from: wa, id: msgId(), timestamp: ts(), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'forget:no', title: 'No' } } }] });
    expect(bodyText(to(wa).at(-1))).toBe(svc.runtime.i18n.t('en', 'forget.cancelled'));
  });

  it('confirms "forget me" even though the conversation is gone by the time it replies', async () => {
    const wa = user();
    await deliver({ messages: [textMessage(wa, '/forget')] });
    await deliver({ messages: [{ from: wa, id: msgId(), timestamp: ts(), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'forget:yes', title: 'Yes' } } }] });
    expect(await svc.runtime.store.conversations.get(`whatsapp:${wa}`)).toBeNull();
    // A command says nothing about the language: the +420 number's Czech is kept.
    expect(bodyText(to(wa).at(-1))).toBe(svc.runtime.i18n.t('cs', 'forget.done'));
  });

  it('answers media, locations, contacts and reactions politely in the user\'s language', async () => {
    const wa = user('380');
    await deliver({ messages: [textMessage(wa, 'Як записатися на курс чеської мови?')] });
    const before = to(wa).length;
    const others = [
      { type: 'image', image: { id: 'MEDIA1', mime_type: 'image/jpeg', sha256: 'x' } },
      { type: 'location', location: { latitude: 49.19, longitude: 16.6 } },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Jana' }, phones: [{ phone: '+420 777 000 000' }] }] },
      { type: 'reaction', reaction: { message_id: 'wamid.OUT1', emoji: '👍' } },
    ];
    for (const other of others) await deliver({ messages: [{ from: wa, id: msgId(), timestamp: ts(), ...other }] });
    const replies = to(wa).slice(before).map(bodyText);
    expect(replies).toEqual(others.map(() => svc.runtime.i18n.t('uk', 'error.textOnly')));
    // Taking a reaction back says nothing.
    await deliver({ messages: [{ from: wa, id: msgId(), timestamp: ts(), type: 'reaction', reaction: { message_id: 'wamid.OUT1', emoji: '' } }] });
    expect(to(wa)).toHaveLength(before + others.length);
  });

  it('skips changes for another phone number of the same app', async () => {
    const wa = user();
    expect((await deliver({ messages: [textMessage(wa, 'Dobrý den')] }, { phoneId: '5550000' })).statusCode).toBe(200);
    expect(to(wa)).toHaveLength(0);
  });

  it('moves the delivery state forward with status callbacks and records a failure for staff', async () => {
    const wa = user();
    await deliver({ messages: [textMessage(wa, 'Dobrý den')] });
    const sentId = `wamid.OUT${graph.calls.length}`;
    const status = (s: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id: sentId, status: s, timestamp: ts(), recipient_id: wa, ...extra });
    const ref = async (): Promise<WhatsappRef> => ((await svc.runtime.store.conversations.get(`whatsapp:${wa}`))?.address.ref ?? {}) as WhatsappRef;

    await deliver({ statuses: [status('sent'), status('delivered')] });
    expect((await ref()).delivery).toMatchObject({ id: sentId, status: 'delivered' });
    await deliver({ statuses: [status('read')] });
    // A late or repeated callback does not move it back.
    await deliver({ statuses: [status('delivered')] });
    expect((await ref()).delivery?.status).toBe('read');
    await deliver({ statuses: [status('failed', { errors: [{ code: 131026, title: 'Message undeliverable' }] })] });
    const c = await svc.runtime.store.conversations.get(`whatsapp:${wa}`);
    expect((c?.address.ref as WhatsappRef).delivery).toMatchObject({ status: 'failed', error: '131026: Message undeliverable' });
    expect(c?.unreachable?.reason).toContain('131026');
    const notes = (await svc.runtime.store.conversations.messages(`whatsapp:${wa}`)).filter((m) => m.role === 'system');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain('Message undeliverable');
    // Writing again makes the user reachable again (the pipeline clears it).
    await deliver({ messages: [textMessage(wa, 'Děkuji')] });
    expect((await svc.runtime.store.conversations.get(`whatsapp:${wa}`))?.unreachable).toBeNull();
  });

  it('refuses a free-form message outside the 24-hour window, naming the template, and sends the template', async () => {
    const wa = user();
    await deliver({ messages: [textMessage(wa, 'Potřebuji pomoc s prodloužením pobytu')] });
    const address = (await svc.runtime.store.conversations.get(`whatsapp:${wa}`))?.address;
    expect(address).toBeDefined();
    if (!address) return;
    // Within the window a staff reply goes through.
    await expect(svc.runtime.channels.send(address, { type: 'text', text: 'Dobrý den, ozveme se.' }, 'cs')).resolves.toMatchObject({ externalId: expect.stringMatching(/^wamid\./) });
    const before = to(wa).length;
    offsetMs += 25 * 60 * 60 * 1000;
    try {
      const refused = await svc.runtime.channels.send(address, { type: 'text', text: 'Dobrý den, ještě jedna věc.' }, 'cs').then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(WindowClosedError);
      expect(refused).toBeInstanceOf(DeliveryError);
      expect((refused as DeliveryError).permanent).toBe(true);
      expect((refused as Error).message).toMatch(/24 hours/);
      expect((refused as Error).message).toContain('"centre_follow_up" (cs)');
      expect((refused as DeliveryError).context).toMatchObject({ reason: 'window_closed', template: 'centre_follow_up' });
      expect(to(wa)).toHaveLength(before);

      const sent = await svc.runtime.whatsapp?.sendTemplate(address, { parameters: ['Jana'] });
      expect(sent?.externalId).toMatch(/^wamid\./);
      expect(to(wa).at(-1)?.body).toMatchObject({
        type: 'template',
        template: { name: 'centre_follow_up', language: { code: 'cs' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Jana' }] }] },
      });

      // When the user writes again, the window opens again.
      await deliver({ messages: [textMessage(wa, 'Dobrý den')] });
      await expect(svc.runtime.channels.send(address, { type: 'text', text: 'Děkujeme.' }, 'cs')).resolves.toBeDefined();
    } finally {
      offsetMs -= 25 * 60 * 60 * 1000;
    }
  });

  it("marks the user unreachable when the Graph API refuses for good, and keeps going when it's passing", async () => {
    const gone = user();
    graph.refuse.set(gone, { status: 400, code: 131026, message: 'Message undeliverable' });
    await deliver({ messages: [textMessage(gone, 'Dobrý den')] });
    const c = await svc.runtime.store.conversations.get(`whatsapp:${gone}`);
    expect(c?.unreachable?.reason).toContain('131026');
    const bot = (await svc.runtime.store.conversations.messages(`whatsapp:${gone}`)).filter((m) => m.role === 'bot');
    expect(bot[0]?.delivery).toMatchObject({ status: 'failed' });

    const busy = user();
    graph.refuse.set(busy, { status: 429, code: 130429, message: 'Rate limit hit' });
    await deliver({ messages: [textMessage(busy, 'Dobrý den')] });
    expect((await svc.runtime.store.conversations.get(`whatsapp:${busy}`))?.unreachable ?? null).toBeNull();
  });

  it('reports itself in /readyz and leaves the other routes their JSON parser', async () => {
    const ready = await svc.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { whatsapp: 'ok (cloud)' } });
    const web = await svc.app.inject({ method: 'POST', url: '/api/webchat/messages', payload: { visitor: 'visitor-whatsapp-json', text: 'Dobrý den' } });
    expect(web.statusCode).toBe(200);
    expect(web.json()).toMatchObject({ duplicate: false });
  });
});
