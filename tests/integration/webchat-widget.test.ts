import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hostPage, launchChromium, seriousViolations, startWebchat, type WebchatService } from '../support/webchat-browser.js';

/**
 * The embeddable widget on a page of another origin (a second local server, on "localhost"
 * rather than 127.0.0.1): one script tag, a launcher, the chat in a frame.
 */
let browser: Browser;
let svc: WebchatService;
let host: { origin: string; close(): Promise<void> };

/** A partner's page with styles that would break a careless widget. */
const partnerPage = (url: URL): string => `<!doctype html>
<html lang="${url.searchParams.get('html-lang') ?? 'en'}"><head><meta charset="utf-8"><title>Partner organisation</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  * { box-sizing: content-box; }
  body { font: 20px/1.6 Georgia, serif; color: #222; background: #fafafa; margin: 0; padding: 16px; }
  button { background: red !important; font-size: 30px !important; border: 5px solid lime; }
  iframe { width: 10px !important; }
  div { border: 3px dotted #999; }
</style></head>
<body><header><h1 id="h">Brno partner organisation</h1></header>
<main><p id="p">News of the week.</p><button id="b" type="button">Host button</button></main>
${url.searchParams.get('widget') === 'no' ? '' : `<script src="${svc.base}/widget.js" defer${url.searchParams.get('data-lang') ? ` data-lang="${url.searchParams.get('data-lang')}"` : ''}></script>`}
</body></html>`;

beforeAll(async () => {
  browser = await launchChromium();
  host = await hostPage(partnerPage);
  svc = await startWebchat({ WEBCHAT_ALLOWED_ORIGINS: host.origin });
});
afterAll(async () => {
  await browser?.close();
  await svc?.close();
  await host?.close();
});

const waitFor = <T>(fn: () => Promise<T> | T): Promise<T> => vi.waitFor(fn, { timeout: 15_000, interval: 50 });

async function open(query: string, viewport = { width: 1280, height: 800 }): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${host.origin}/${query}`);
  return { page, errors };
}

const hostStyles = (page: Page) =>
  page.evaluate(() =>
    ['body', '#h', '#p', '#b'].map((sel) => {
      const s = getComputedStyle(document.querySelector(sel) ?? document.body);
      return [sel, s.fontFamily, s.fontSize, s.color, s.backgroundColor, s.margin, s.padding, s.boxSizing, s.borderTopWidth].join('|');
    }),
  );

async function chatFrame(page: Page): Promise<Frame> {
  return waitFor(() => {
    const frame = page.frames().find((f) => f.url().includes('/chat?'));
    if (!frame) throw new Error('no chat frame yet');
    return frame;
  });
}

const launcherName = 'Chat with the Centre for Foreigners';

describe('the widget on another site', () => {
  it('adds one accessible launcher and leaves the host page as it was', async () => {
    const plain = await open('?widget=no');
    const before = await hostStyles(plain.page);
    const childrenBefore = await plain.page.evaluate(() => document.body.children.length);
    await plain.page.context().close();

    const { page, errors } = await open('');
    const launcher = page.getByRole('button', { name: launcherName });
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await hostStyles(page)).toEqual(before);
    // The widget's single element, beside the script tag the host page already had.
    expect(await page.evaluate(() => document.body.children.length)).toBe(childrenBefore + 2);
    // The host's `button { background: red !important }` does not reach into the widget.
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 79, 138)');
    // Nothing is fetched for the chat until someone opens it.
    expect(page.frames()).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens the chat, which answers, and closes with Escape, back on the launcher', async () => {
    const { page, errors } = await open('');
    const launcher = page.getByRole('button', { name: launcherName });
    await launcher.click();
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    const frame = await chatFrame(page);
    await frame.waitForSelector('.welcome');
    expect(await frame.getAttribute('html', 'lang')).toBe('en');
    // Focus moved into the chat, ready to type.
    await waitFor(async () => expect(await frame.evaluate(() => document.activeElement?.id)).toBe('cz-input'));
    // The host's `iframe { width: 10px !important }` does not reach the widget's frame either.
    expect((await page.locator('iframe').boundingBox())?.width).toBe(380);

    await page.keyboard.type('What is the EU Blue Card in Czechia?');
    await page.keyboard.press('Enter');
    await waitFor(async () => expect(await frame.locator('.msg.bot:not(.welcome)').count()).toBeGreaterThan(0));
    const expected = svc.runtime.knowledge.answer('residence.blue-card', 'en', new Date())?.text.slice(0, 20).replace(/\*\*/g, '') ?? '';
    expect(await frame.locator('.msg.bot:not(.welcome) .bubble').first().innerText()).toContain(expected);

    await page.keyboard.press('Escape');
    await waitFor(async () => expect(await launcher.getAttribute('aria-expanded')).toBe('false'));
    expect(await page.evaluate(() => document.querySelector('[data-cz-chat]')?.shadowRoot?.activeElement?.className)).toBe('launcher');
    expect(await page.locator('iframe').isHidden()).toBe(true);
    // Reopened, the conversation is still there.
    await launcher.click();
    expect(await frame.locator('.msg.user').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('speaks the language the host page asks for, and fills a phone screen without WCAG problems', async () => {
    const phone = { width: 390, height: 844 };
    const { page, errors } = await open('?data-lang=uk&html-lang=cs', phone);
    const launcher = page.getByRole('button', { name: 'Чат із Центром для іноземців' });
    await launcher.click();
    const frame = await chatFrame(page);
    await frame.waitForSelector('.welcome .quick .chip');
    expect(await frame.getAttribute('html', 'lang')).toBe('uk');
    expect(await page.locator('iframe').boundingBox()).toEqual({ x: 0, y: 0, ...phone });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await seriousViolations(frame)).toEqual([]);
    // The frame's own close button hands back to the host page.
    await frame.getByRole('button', { name: 'Закрити чат' }).click();
    await waitFor(async () => expect(await launcher.getAttribute('aria-expanded')).toBe('false'));
    expect(await launcher.isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows no launcher on a site that is not allowed, and the chat refuses to be framed there', async () => {
    const strict = await startWebchat({ WEBCHAT_ALLOWED_ORIGINS: 'https://elsewhere.example' });
    const page = await (await browser.newContext()).newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.goto(`${host.origin}/?widget=no`);
    await page.evaluate(
      (src) =>
        new Promise<void>((resolve) => {
          const script = document.createElement('script');
          script.src = src;
          script.onload = () => resolve();
          document.body.append(script);
        }),
      `${strict.base}/widget.js`,
    );
    expect(await page.locator('[data-cz-chat]').count()).toBe(0);
    // Framing the chat directly does not work either: its CSP names the allowed sites.
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, `${strict.base}/chat?embed=1`);
    await waitFor(() => expect(consoleLines.join('\n')).toContain('frame-ancestors'));
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(await frame?.locator('#cz-log').count()).toBe(0);
    await page.context().close();
    await strict.close();
  });
});
