// Screenshots of the web chat for the README: the page and the widget, on a phone and a laptop.
// Run: npx tsx scripts/webchat-screenshots.ts (needs Chromium at /usr/bin/chromium).
import { mkdirSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { visitorTopic } from '../adapters/webchat/webchat-channel.js';
import { hostPage, launchChromium, startWebchat, visitorOf, type WebchatService } from '../tests/support/webchat-browser.js';

const OUT = 'docs/screenshots';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

async function converse(target: Page | Frame, svc: WebchatService, page: Page, question: string, staff: string | null): Promise<void> {
  await target.locator('.welcome .quick .chip').first().waitFor();
  await target.locator('#cz-input').fill(question);
  await target.locator('#cz-input').press('Enter');
  await target.locator('.msg.bot:not(.welcome) .fb').first().waitFor();
  if (staff) {
    const visitor = await visitorOf(page);
    await svc.runtime.bus.publish(visitorTopic(visitor), { type: 'message', from: 'staff', content: { type: 'text', text: staff }, lang: 'uk', at: new Date().toISOString() });
    await target.locator('.msg.staff').waitFor();
  }
}

/** The view starts at the question, as a visitor who just asked it sees the answer come in. */
async function startAtQuestion(target: Page | Frame): Promise<void> {
  await target.locator('#cz-log').evaluate((log) => {
    if (!(log instanceof HTMLElement)) return;
    const question = log.querySelector<HTMLElement>('.msg.user');
    if (question) log.scrollTop = question.offsetTop - log.offsetTop - 12;
  });
}

async function shootPage(browser: Browser, svc: WebchatService): Promise<void> {
  for (const [name, viewport, scale] of [['phone', PHONE, 2], ['laptop', LAPTOP, 1]] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
    const page = await context.newPage();
    await page.goto(`${svc.base}/chat?lang=uk`);
    await converse(page, svc, page, 'Де знаходиться Центр для іноземців у Брно?', name === 'laptop' ? 'Вітаю! Я Олена з Центру. Можу записати вас на консультацію, коли вам зручно?' : null);
    await page.locator('.msg.bot:not(.welcome) .fb-btn').first().click();
    await page.locator('#cz-input').blur();
    await startAtQuestion(page);
    await page.screenshot({ path: `${OUT}/webchat-page-${name}.png` });
    await context.close();
  }
}

async function shootWidget(browser: Browser, svc: WebchatService, origin: string): Promise<void> {
  for (const [name, viewport, scale] of [['phone', PHONE, 2], ['laptop', LAPTOP, 1]] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'Chat with the Centre for Foreigners' }).click();
    const frame = page.frameLocator('iframe');
    await frame.locator('.welcome').waitFor();
    const chat = page.frames().find((f) => f.url().includes('/chat?'));
    if (!chat) throw new Error('no chat frame');
    await converse(chat, svc, page, 'How do I sign up for a Czech course?', null);
    await chat.locator('#cz-input').blur();
    await startAtQuestion(chat);
    await page.screenshot({ path: `${OUT}/webchat-widget-${name}.png` });
    await context.close();
  }
}

mkdirSync(OUT, { recursive: true });
let svc: WebchatService | null = null;
const partner = (): string => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner organisation</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:17px/1.6 Georgia,serif;color:#222;margin:0}header{background:#2d6a4f;color:#fff;padding:20px 24px}main{padding:8px 24px;max-width:760px}h1{margin:0;font-size:1.5rem}</style></head>
<body><header><h1>Brno Community Centre</h1></header><main><h2>Welcome to Brno</h2>
<p>Our volunteers help newcomers settle in: language cafés every Tuesday, a library of Czech textbooks and a noticeboard of flats and jobs.</p>
<p>Questions about residence, insurance or Czech courses? Ask the Centre for Foreigners with the button in the corner.</p></main>
<script src="${svc?.base ?? ''}/widget.js" defer></script></body></html>`;
const host = await hostPage(partner);
svc = await startWebchat({ WEBCHAT_ALLOWED_ORIGINS: host.origin });
const browser = await launchChromium();
try {
  await shootPage(browser, svc);
  await shootWidget(browser, svc, host.origin);
} finally {
  await browser.close();
  await host.close();
  await svc.close();
}
process.stdout.write(`screenshots in ${OUT}/\n`);
