// Screenshots of the notice at first contact in the web chat, on a phone and a laptop.
// Run: npx tsx scripts/privacy-screenshots.ts (needs Chromium at /usr/bin/chromium).
import { mkdirSync } from 'node:fs';
import { launchChromium, startWebchat } from '../tests/support/webchat-browser.js';

const OUT = 'docs/screenshots';
mkdirSync(OUT, { recursive: true });
const svc = await startWebchat({ PRIVACY_NOTICE: 'on', PRIVACY_POLICY_URL: 'https://www.example.org/ochrana-osobnich-udaju', RETENTION_DAYS: '90' });
const browser = await launchChromium();
try {
  for (const [name, viewport, scale] of [['phone', { width: 390, height: 844 }, 2], ['laptop', { width: 1280, height: 800 }, 1]] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
    const page = await context.newPage();
    await page.goto(`${svc.base}/chat?lang=uk`);
    await page.locator('.welcome .quick .chip').first().waitFor();
    await page.locator('#cz-input').fill('Як записатися на безкоштовний курс чеської мови?');
    await page.locator('#cz-input').press('Enter');
    await page.locator('.msg.bot:not(.welcome) .fb').first().waitFor();
    await page.locator('#cz-input').blur();
    // The view starts at the question, as the visitor who just asked it sees the replies come in.
    await page.locator('#cz-log').evaluate((log) => {
      if (!(log instanceof HTMLElement)) return;
      const question = log.querySelector<HTMLElement>('.msg.user');
      if (question) log.scrollTop = question.offsetTop - log.offsetTop - 12;
    });
    await page.screenshot({ path: `${OUT}/privacy-notice-${name}.png` });
    await context.close();
  }
} finally {
  await browser.close();
  await svc.close();
}
