import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realWebClient } from '../../adapters/whatsapp/web-client.js';
import { loadConfig } from '../../src/config.js';
import type { Lang } from '../../src/core/language.js';
import { renderMarkup } from '../../src/conversation/render.js';
import { createRuntime } from '../../src/runtime.js';
import { silentLog, startTestService, type TestService } from '../support/runtime.js';
import { standInFactory, type StandInClient } from '../support/whatsapp-peer.js';

const ADMIN_TOKEN = 'admin-token-for-whatsapp-tests';

describe('WhatsApp Web (whatsapp-web.js) against a stand-in client', () => {
  let svc: TestService;
  const peer = standInFactory();
  const terminal: string[] = [];
  let client: StandInClient;

  beforeAll(async () => {
    svc = await startTestService({ WHATSAPP_MODE: 'web', ADMIN_TOKEN }, { whatsapp: { webClient: peer.factory, terminal: (t) => terminal.push(t), reconnectDelayMs: () => 0 } });
    client = await peer.client(1);
  });
  afterAll(async () => {
    await svc?.close();
  });

  const readyz = async (): Promise<{ status: string; checks: Record<string, string> }> => (await svc.app.inject({ method: 'GET', url: '/readyz' })).json();
  let seq = 0;
  const chat = (prefix = '420777'): string => `${prefix}${String(100000 + ++seq)}@c.us`;

  it('keeps its login under DATA_DIR with the configured Chromium, and shows the QR code in the terminal and on the admin page', async () => {
    expect(client.options).toMatchObject({ chromiumPath: '/usr/bin/chromium', dataDir: svc.dataDir, pairingPhone: null });
    expect(client.initialized).toBe(1);
    expect((await readyz()).checks.whatsapp).toBe('starting (web)');

    client.emit('qr', '2@pairing-string-from-whatsapp,base64key1,base64key2,base64key3');
    expect(terminal.at(-1)).toContain("scan this code with the Centre's phone");
    expect(terminal.at(-1)).toContain('▀');
    const check = await readyz();
    expect(check.status).toBe('ready');
    expect(check.checks.whatsapp).toMatch(/^pairing \(web: scan the QR code/);

    const page = await svc.app.inject({ method: 'GET', url: `/admin/whatsapp?token=${ADMIN_TOKEN}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<svg');
    expect(page.body).toMatch(/<path d="M\d+ \d+h1v1h-1z/);
    expect(page.body).not.toContain('pairing-string-from-whatsapp');
    const bearer = await svc.app.inject({ method: 'GET', url: '/admin/whatsapp', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(bearer.statusCode).toBe(200);
    const wrong = await svc.app.inject({ method: 'GET', url: '/admin/whatsapp?token=admin-token-for-whatsapp-guess' });
    expect(wrong.statusCode).toBe(401);
    const none = await svc.app.inject({ method: 'GET', url: '/admin/whatsapp' });
    expect(none.statusCode).toBe(401);
  });

  it('refuses to send until connected, then reports itself connected', async () => {
    const refused = await svc.runtime.channels.send({ channel: 'whatsapp', thread: '420777000000@c.us', user: '420777000000@c.us' }, { type: 'text', text: 'Dobrý den' }, 'cs').catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'DeliveryError', permanent: false });
    client.emit('ready');
    expect((await readyz()).checks.whatsapp).toBe('ok (web: connected)');
    const page = await svc.app.inject({ method: 'GET', url: '/admin/whatsapp', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(page.body).toContain('Connected since');
  });

  it('talks to people in all five languages through the client', async () => {
    const questions: Record<Lang, string> = {
      cs: 'Kdo z cizinců má nárok na veřejné zdravotní pojištění?',
      en: 'Which foreigners can be in Czech public health insurance?',
      uk: 'Хто з іноземців може бути в державному медичному страхуванні в Чехії?',
      ru: 'Кто из иностранцев может быть в государственном медицинском страховании в Чехии?',
      vi: 'Người nước ngoài nào được tham gia bảo hiểm y tế công ở Séc?',
    };
    for (const [lang, text] of Object.entries(questions) as [Lang, string][]) {
      const from = chat('4479');
      const before = client.sent.length;
      client.incoming(from, text);
      const sent = (await client.sends(before + 1)).slice(before);
      const answer = svc.runtime.knowledge.answer('health.insurance', lang, new Date());
      expect(answer?.lang).toBe(lang);
      expect(sent[0]?.chatId).toBe(from);
      expect(sent[0]?.content, lang).toContain(renderMarkup(answer?.text ?? '', 'whatsapp').slice(0, 80));
      expect(sent[0]?.options).toEqual({ linkPreview: false });
      expect((await svc.runtime.store.conversations.get(`whatsapp:${from}`))?.lang).toBe(lang);
    }
  });

  it('offers a choice as a numbered list where a reply "2" picks the second option', async () => {
    const from = chat();
    let n = client.sent.length;
    client.incoming(from, '/lang');
    const [list] = (await client.sends(++n)).slice(-1);
    expect(list?.content).toContain('1. Čeština');
    expect(list?.content).toContain('2. English');
    expect(list?.content).toContain('5. Tiếng Việt');
    client.incoming(from, '2');
    const [changed] = (await client.sends(++n)).slice(-1);
    expect(changed?.content).toBe(svc.runtime.i18n.t('en', 'lang.changed'));
  });

  it('answers media and reactions politely in the conversation language, and leaves groups, statuses and its own messages alone', async () => {
    const from = chat('380');
    let n = client.sent.length;
    client.incoming(from, 'Як записатися на курс чеської мови?');
    await client.sends(++n);
    for (const type of ['image', 'ptt', 'location', 'vcard']) {
      client.incoming(from, '', { type });
      const [reply] = (await client.sends(++n)).slice(-1);
      expect(reply?.content, type).toBe(svc.runtime.i18n.t('uk', 'error.textOnly'));
    }
    client.react(from, '👍');
    const [reply] = (await client.sends(++n)).slice(-1);
    expect(reply?.content).toBe(svc.runtime.i18n.t('uk', 'error.textOnly'));

    client.incoming('420777123456-1600000000@g.us', 'Dobrý den všem', { author: '420777123456@c.us' });
    client.incoming('status@broadcast', 'My holiday', { isStatus: true });
    client.incoming(from, 'typed by the Centre on the phone', { fromMe: true });
    client.incoming(from, '', { type: 'e2e_notification' });
    client.react(from, '');
    // A marker message afterwards: once it is answered, the ones before it were dropped, not queued.
    client.incoming(from, 'Děkuji');
    const [marker] = (await client.sends(++n)).slice(-1);
    expect(marker?.chatId).toBe(from);
    expect(client.sent).toHaveLength(n);
    expect(await svc.runtime.store.conversations.get('whatsapp:420777123456-1600000000@g.us')).toBeNull();
  });

  it('reconnects with a fresh client after a disconnect, and sends again once ready', async () => {
    const old = client;
    old.emit('disconnected', 'NAVIGATION');
    expect((await readyz()).checks.whatsapp).toMatch(/^reconnecting \(web: attempt 1\)/);
    client = await peer.client(2);
    expect(old.destroyed).toBe(1);
    expect(client.initialized).toBe(1);
    // Events of the replaced client no longer count.
    old.emit('ready');
    expect((await readyz()).checks.whatsapp).not.toBe('ok (web: connected)');
    client.emit('ready');
    expect((await readyz()).checks.whatsapp).toBe('ok (web: connected)');
    const from = chat();
    client.incoming(from, 'Dobrý den');
    const [greeting] = await client.sends(1);
    expect(greeting?.chatId).toBe(from);
    expect(old.sent.some((s) => s.chatId === from)).toBe(false);
  });

  it('also reconnects when initialize fails (the browser did not start)', async () => {
    const failing = standInFactory((c) => {
      c.onInitialize = () => {
        if (failing.clients.length === 1) throw new Error('Failed to launch the browser process');
        c.emit('ready');
      };
    });
    const other = await startTestService({ WHATSAPP_MODE: 'web' }, { whatsapp: { webClient: failing.factory, terminal: () => undefined, reconnectDelayMs: () => 0 } });
    try {
      await failing.client(2);
      expect(failing.clients).toHaveLength(2);
      expect(failing.clients[0]?.destroyed).toBe(1);
      expect(other.runtime.whatsapp?.readiness()).toEqual({ connected: true, detail: 'ok (web: connected)' });
      // ADMIN_TOKEN is not set here: the pairing page does not exist.
      expect((await other.app.inject({ method: 'GET', url: '/admin/whatsapp?token=anything-at-all-16' })).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('pairs by phone-number code when WHATSAPP_PAIRING_PHONE is set', async () => {
    const coded = standInFactory();
    const other = await startTestService({ WHATSAPP_MODE: 'web', WHATSAPP_PAIRING_PHONE: '+420 541 123 456', ADMIN_TOKEN }, { whatsapp: { webClient: coded.factory, terminal: (t) => terminal.push(t), reconnectDelayMs: () => 0 } });
    try {
      const c = await coded.client(1);
      expect(c.options.pairingPhone).toBe('420541123456');
      c.emit('code', 'WZYX4K2P');
      expect(terminal.at(-1)).toContain('WZYX4K2P');
      expect(other.runtime.whatsapp?.readiness().detail).toMatch(/enter the pairing code/);
      const page = await other.app.inject({ method: 'GET', url: `/admin/whatsapp?token=${ADMIN_TOKEN}` });
      expect(page.body).toContain('<p class="code">WZYX4K2P</p>');
    } finally {
      await other.close();
    }
    expect(coded.clients[0]?.destroyed).toBe(1);
  });
});

describe('WhatsApp settings and the real whatsapp-web.js', () => {
  it('builds a real whatsapp-web.js Client, loaded only on demand, with its login under DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cz-wweb-'));
    try {
      const client = await realWebClient({ chromiumPath: '/usr/bin/chromium', dataDir, pairingPhone: null });
      const { default: wweb } = await import('whatsapp-web.js');
      expect(client).toBeInstanceOf(wweb.Client);
      const inner = client as unknown as { options: { puppeteer: { executablePath: string }; webVersionCache: { path: string } }; authStrategy: { dataPath: string } };
      expect(inner.options.puppeteer.executablePath).toBe('/usr/bin/chromium');
      expect(inner.authStrategy.dataPath).toBe(join(dataDir, 'whatsapp-web', 'auth'));
      expect(inner.options.webVersionCache.path).toBe(join(dataDir, 'whatsapp-web', 'cache'));
      // Never initialized: no browser was started, so destroying it only tidies up.
      await client.destroy();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stops the start with a message naming the setting when there is no browser at WHATSAPP_CHROMIUM_PATH', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cz-wweb-'));
    try {
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, WHATSAPP_MODE: 'web', WHATSAPP_CHROMIUM_PATH: join(dataDir, 'no-chromium') });
      await expect(createRuntime(config, silentLog)).rejects.toThrow(/WHATSAPP_CHROMIUM_PATH/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('validates the settings: cloud mode needs its four secrets, the pairing number must be digits', () => {
    expect(() => loadConfig({ WHATSAPP_MODE: 'cloud', WHATSAPP_TOKEN: 't' })).toThrow(/WHATSAPP_VERIFY_TOKEN: required[\s\S]*WHATSAPP_APP_SECRET: required[\s\S]*WHATSAPP_PHONE_NUMBER_ID: required/);
    expect(() => loadConfig({ WHATSAPP_MODE: 'sms' })).toThrow(/WHATSAPP_MODE="sms": must be one of off, web, cloud/);
    expect(() => loadConfig({ WHATSAPP_PAIRING_PHONE: 'call me' })).toThrow(/WHATSAPP_PAIRING_PHONE/);
    expect(() => loadConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN/);
    const off = loadConfig({});
    expect(off.whatsapp).toMatchObject({ mode: 'off', chromiumPath: '/usr/bin/chromium', graphUrl: 'https://graph.facebook.com/v21.0', templateLang: 'cs' });
  });

  it('starts without WhatsApp when the mode is off', async () => {
    const svc = await startTestService();
    try {
      expect(svc.runtime.whatsapp).toBeNull();
      expect(svc.runtime.channels.get('whatsapp')).toBeUndefined();
      expect(((await svc.app.inject({ method: 'GET', url: '/readyz' })).json() as { checks: Record<string, string> }).checks.whatsapp).toBeUndefined();
      expect((await svc.app.inject({ method: 'POST', url: '/webhooks/whatsapp', payload: {} })).statusCode).toBe(404);
    } finally {
      await svc.close();
    }
  });
});
