import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { History } from '../../adapters/webchat/protocol.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { webAssets } from '../support/webchat-browser.js';
import { say } from '../support/webchat-client.js';

/** The web chat's HTTP side through app.inject: page, widget loader, history, feedback, limits. */
let shared: TestService;
let svc: TestService | null = null;
beforeAll(async () => {
  shared = await startTestService({ WEBCHAT_ASSETS_DIR: webAssets() });
});
afterAll(async () => {
  await shared.close();
});
afterEach(async () => {
  await svc?.close();
  svc = null;
});
/** A service of its own, for settings other than the defaults. */
const start = async (env: Record<string, string> = {}): Promise<TestService> => (svc = await startTestService({ WEBCHAT_ASSETS_DIR: webAssets(), ...env }));
const history = async (s: TestService, visitor: string): Promise<History> => (await s.app.inject({ url: `/api/webchat/history?visitor=${visitor}` })).json();

describe('the chat page and the widget loader', () => {
  it('serves /chat in the asked language, framed only by the allowed sites, with a strict CSP', async () => {
    const s = await start({ WEBCHAT_ALLOWED_ORIGINS: 'https://www.example.org, https://brno.example' });
    const res = await s.app.inject({ url: '/chat?lang=uk' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<html lang="uk" dir="ltr">');
    expect(res.body).toContain('placeholder="Напишіть своє питання…"');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'self' https://www.example.org https://brno.example");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(res.headers['x-frame-options']).toBeUndefined();
    // A language we do not have falls back to the default; a regional tag maps onto ours.
    expect((await s.app.inject({ url: '/chat?lang=de' })).body).toContain('<html lang="en"');
    expect((await s.app.inject({ url: '/chat?lang=ru-RU' })).body).toContain('<html lang="ru"');
  });

  it('lets only its own pages frame the chat unless told otherwise, or any site with *', async () => {
    expect(String((await shared.app.inject({ url: '/chat' })).headers['content-security-policy'])).toContain("frame-ancestors 'self';");
    const any = await start({ WEBCHAT_ALLOWED_ORIGINS: '*' });
    expect(String((await any.app.inject({ url: '/chat' })).headers['content-security-policy'])).toContain('frame-ancestors *;');
  });

  it('escapes what it embeds in the page, so no phrase can close the config script', async () => {
    const s = shared;
    const html = (await s.app.inject({ url: '/chat?lang=en&embed=1' })).body;
    const config = /<script type="application\/json" id="cz-config">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const parsed = JSON.parse(config) as { embed: boolean; strings: Record<string, { launcher: string }>; welcome: Record<string, { options: unknown[] }> };
    expect(parsed.embed).toBe(true);
    expect(parsed.strings.vi?.launcher).toBe('Trò chuyện với Trung tâm cho người nước ngoài');
    expect(parsed.welcome.cs?.options.length).toBeGreaterThan(0);
    expect(config).not.toContain('<');
    expect(html).toContain('id="cz-close"');
  });

  it('serves widget.js gzipped, small, loadable from any site, with the launcher names filled in', async () => {
    const s = shared;
    const res = await s.app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.rawPayload.length).toBeLessThan(30 * 1024);
    const js = gunzipSync(res.rawPayload).toString('utf8');
    expect(js).not.toContain('__CZ_WIDGET_CONFIG__');
    expect(js).toContain('Chat s Centrem pro cizince');
    const again = await s.app.inject({ url: '/widget.js', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('caches the versioned bundles for good and anything else not, and gzips the page', async () => {
    const s = shared;
    const html = (await s.app.inject({ url: '/chat' })).body;
    const script = /src="(\/webchat\/chat\.js\?v=[\w-]+)"/.exec(html)?.[1] ?? '';
    expect(script).not.toBe('');
    expect((await s.app.inject({ url: script })).headers['cache-control']).toContain('immutable');
    expect((await s.app.inject({ url: '/webchat/chat.js?v=old' })).headers['cache-control']).toBe('no-cache');
    expect((await s.app.inject({ url: '/webchat/other.js' })).statusCode).toBe(400);
    const zipped = await s.app.inject({ url: '/chat', headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(html);
  });

  it('says how to build the page when the bundles are missing, and the API still works', async () => {
    const s = await start({ WEBCHAT_ASSETS_DIR: '/nonexistent/web' });
    const page = await s.app.inject({ url: '/chat' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build:web');
    expect((await say(s.app, 'no-assets-1', { text: 'hello' })).status).toBe(200);
  });
});

describe('history', () => {
  it('shows a pressed button as its label and keeps the buttons the bot waits on', async () => {
    const s = shared;
    const started = await say(s.app, 'history-labels-1', { postback: 'start', lang: 'uk' });
    const topics = started.replies.at(-1);
    expect(topics?.type).toBe('choice');
    const h1 = await history(s, 'history-labels-1');
    expect(h1.messages[0]).toMatchObject({ role: 'user', text: '/start' });
    expect(h1.choices).toEqual(topics?.type === 'choice' ? topics.options : null);
    const option = topics?.type === 'choice' ? topics.options[0] : undefined;
    expect(option).toBeDefined();
    await say(s.app, 'history-labels-1', { postback: option?.value ?? '' });
    await say(s.app, 'history-labels-1', { postback: 'lang:vi' });
    const h2 = await history(s, 'history-labels-1');
    const pressed = h2.messages.filter((m) => m.role === 'user').map((m) => m.text);
    expect(pressed).toEqual(['/start', option?.label, 'Tiếng Việt']);
    expect(h2.lang).toBe('vi');
    expect(h2.choices).toBeNull();
  });
});

describe('feedback on answers', () => {
  it('is stored with the answer it rates, can be changed, and only for answers of that visitor', async () => {
    const s = shared;
    await say(s.app, 'feedback-1', { postback: 'entry:health.insurance', lang: 'en' });
    const answer = (await history(s, 'feedback-1')).messages.find((m) => m.answer);
    expect(answer).toMatchObject({ role: 'bot', feedback: null });
    const rate = (visitor: string, message: string, value: string) =>
      s.app.inject({ method: 'POST', url: '/api/webchat/feedback', payload: { visitor, message, value } });

    expect((await rate('feedback-1', answer?.id ?? '', 'unhelpful')).statusCode).toBe(204);
    expect((await rate('feedback-1', answer?.id ?? '', 'helpful')).statusCode).toBe(204);
    const stored = (await s.runtime.store.conversations.messages('webchat:feedback-1')).find((m) => m.id === answer?.id);
    expect(stored?.feedback?.value).toBe('helpful');
    expect(stored?.entry).toBe('health.insurance');
    // Rewritten in place: the transcript keeps its order and length.
    expect((await history(s, 'feedback-1')).messages.map((m) => m.role)).toEqual(['user', 'bot']);
    expect((await history(s, 'feedback-1')).messages[1]?.feedback).toBe('helpful');

    const userMessage = (await history(s, 'feedback-1')).messages[0]?.id ?? '';
    expect((await rate('feedback-1', userMessage, 'helpful')).statusCode).toBe(404);
    expect((await rate('someone-else', answer?.id ?? '', 'helpful')).statusCode).toBe(404);
    expect((await rate('feedback-1', answer?.id ?? '', 'great')).statusCode).toBe(400);
  });
});

describe('abuse limits', () => {
  it('limits messages per visitor with a clear code, without touching other visitors', async () => {
    const s = await start({ WEBCHAT_RATE_LIMIT: '3' });
    for (let i = 0; i < 3; i++) expect((await say(s.app, 'busy-visitor', { text: '/help' })).status).toBe(200);
    const refused = await say(s.app, 'busy-visitor', { text: '/help' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await say(s.app, 'calm-visitor', { text: '/help' })).status).toBe(200);
    // The refused message never reached the conversation.
    expect((await history(s, 'busy-visitor')).messages.filter((m) => m.role === 'user')).toHaveLength(3);
  });

  it('limits requests per IP address, whatever visitor ids they carry', async () => {
    const s = await start({ WEBCHAT_IP_RATE_LIMIT: '4' });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await say(s.app, `rotating-${i}-visitor`, { text: '/help' })).status);
    expect(codes).toEqual([200, 200, 200, 200, 429, 429]);
  });
});

describe('settings', () => {
  it('accepts origins or *, and names WEBCHAT_ALLOWED_ORIGINS when one is not an origin', () => {
    expect(loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'https://a.example/, http://b.example:8080' }).webchat.allowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(loadConfig({ WEBCHAT_ALLOWED_ORIGINS: '*' }).webchat.allowedOrigins).toBe('*');
    expect(loadConfig({}).webchat).toMatchObject({ allowedOrigins: [], ratePerMinute: 30, ipRatePerMinute: 600 });
    expect(() => loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'https://a.example/page' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'javascript:alert(1)' })).toThrow(/WEBCHAT_ALLOWED_ORIGINS/);
    expect(() => loadConfig({ WEBCHAT_RATE_LIMIT: 'lots' })).toThrow(/WEBCHAT_RATE_LIMIT/);
  });
});
