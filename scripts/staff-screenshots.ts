// Screenshots of the staff inbox for the README: sign-in, queue and a conversation, on a phone and a laptop.
// Run: npx tsx scripts/staff-screenshots.ts (needs Chromium at /usr/bin/chromium).
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { addStaff, PASSWORD } from '../tests/support/staff.js';
import { launchChromium, startWebchat, type WebchatService } from '../tests/support/webchat-browser.js';
import { say } from '../tests/support/webchat-client.js';

const OUT = 'docs/screenshots';
const SIZES = [
  ['phone', { width: 390, height: 844 }, 2],
  ['laptop', { width: 1280, height: 800 }, 1],
] as const;

/** A handed-over web chat conversation, made to look as if it had waited `minutes`. */
async function handedOver(svc: WebchatService, visitor: string, lines: { text?: string; postback?: string }[], minutes: number): Promise<string> {
  for (const line of lines) await say(svc.app, visitor, line);
  const id = `webchat:${visitor}`;
  const c = await svc.runtime.store.conversations.get(id);
  if (c) await svc.runtime.store.conversations.save({ ...c, updatedAt: new Date(Date.now() - minutes * 60_000).toISOString() });
  return id;
}

async function signIn(page: Page): Promise<void> {
  await page.locator('#login-email').fill('olena@example.org');
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('#login-password').press('Enter');
  await page.locator('.q-item').first().waitFor();
}

async function shoot(browser: Browser, svc: WebchatService, open: string): Promise<void> {
  for (const [name, viewport, scale] of SIZES) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${svc.base}/staff`);
    await page.locator('#login-email').waitFor();
    await page.locator('#login-email').fill('olena@example.org');
    await page.screenshot({ path: `${OUT}/staff-login-${name}.png` });
    await signIn(page);
    await page.screenshot({ path: `${OUT}/staff-queue-${name}.png` });
    await page.goto(`${svc.base}/staff#/c/${encodeURIComponent(open)}`);
    await page.locator('.m.note').waitFor();
    await page.locator('.kb summary').click();
    await page.locator('#kb-q').fill('продовження тимчасового захисту');
    await page.locator('.kb-form button').click();
    await page.locator('.kb-item').first().waitFor();
    await page.locator('.kb summary').click();
    await page.locator('#reply-text').fill('Так, подати заяву можна онлайн. Надішлю вам посилання.');
    await page.screenshot({ path: `${OUT}/staff-conversation-${name}.png` });
    await context.close();
  }
}

mkdirSync(OUT, { recursive: true });
const svc = await startWebchat();
const browser = await launchChromium();
try {
  await addStaff(svc.runtime, 'olena@example.org', 'staff', { languages: ['uk', 'ru', 'cs'], name: 'Olena Kovalenko' });
  await addStaff(svc.runtime, 'petr@example.org', 'staff', { languages: ['cs', 'en'], teams: ['czech'], name: 'Petr Novák' });
  const open = await handedOver(svc, 'screenshot-uk', [
    { text: 'Як продовжити тимчасовий захист?' },
    { text: 'Хочу поговорити з людиною' },
    { postback: 'intake:res:protection' },
    { text: 'Мій тимчасовий захист закінчується в березні, а я не можу записатися на продовження.' },
  ], 12);
  await handedOver(svc, 'screenshot-vi', [{ text: 'tôi muốn nói chuyện với người thật' }, { postback: 'intake:res:longTerm' }, { text: 'Tôi cần gia hạn thị thực lao động, công ty tôi đã đóng cửa.' }], 34);
  await handedOver(svc, 'screenshot-en', [{ text: 'I want to talk to a person' }, { postback: 'intake:res:eu' }, { text: 'How do I register my child for a Czech course for kids?' }], 3);
  const jana = await svc.runtime.store.staff.list();
  const olena = jana.find((s) => s.email === 'olena@example.org');
  if (!olena) throw new Error('no staff');
  await svc.runtime.staff.inbox.claim(olena, open);
  await svc.runtime.staff.inbox.reply(olena, open, 'Добрий день! Я Олена з Центру. Допоможу вам із продовженням.');
  await svc.runtime.staff.inbox.note(olena, open, 'Check whether the March deadline is still the one in the law.');
  await say(svc.app, 'screenshot-uk', { text: 'Дякую! Чи можна подати заяву онлайн?' });
  await shoot(browser, svc, open);
} finally {
  await browser.close();
  await svc.close();
}
process.stdout.write(`screenshots in ${OUT}/\n`);
