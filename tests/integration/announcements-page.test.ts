import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSubscribers, until } from '../support/campaigns.js';
import { ROOT } from '../support/processes.js';
import { addStaff, PASSWORD } from '../support/staff.js';
import { launchChromium, seriousViolations, startWebchat, type WebchatService } from '../support/webchat-browser.js';

/**
 * The editors' announcements page in Debian's Chromium: sign-in with the staff account, writing
 * in several languages, the preview (texts shown as text), sending and following the progress.
 * Screenshots go to docs/screenshots/announcements-*.png.
 */
const SHOTS = join(ROOT, 'docs', 'screenshots');
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

let svc: WebchatService;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  svc = await startWebchat({ CAMPAIGN_POLL_MS: '50', CAMPAIGN_RATE_WEBCHAT: '5' });
  browser = await launchChromium();
  await addStaff(svc.runtime, 'eva@example.org', 'editor', { name: 'Eva Editorová' });
  await addStaff(svc.runtime, 'petr@example.org', 'staff', { name: 'Petr' });
  await seedSubscribers(svc.runtime.store, { channel: 'webchat', first: 5000, count: 6, topics: ['czech'], lang: 'uk' });
  await seedSubscribers(svc.runtime.store, { channel: 'webchat', first: 6000, count: 3, topics: ['czech', 'events'], lang: 'vi' });
});
afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

async function open(viewport: { width: number; height: number }, lang: 'en' | 'cs' = 'en'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: lang === 'cs' ? 'cs-CZ' : 'en-GB' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${svc.base}/admin/announcements`);
  return { page, errors };
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(PASSWORD);
  await page.getByRole('button', { name: /Sign in|Přihlásit/ }).click();
}

describe('the announcements page', () => {
  it('is served with a strict policy, and its bundles with cache versions', async () => {
    const res = await fetch(`${svc.base}/admin/announcements`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    const script = /src="([^"]+announcements\.js\?v=[^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${svc.base}${script ?? ''}`)).headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${svc.base}/admin/announcements/assets/other.js`)).status).toBe(400);
  });

  it('asks to sign in, and tells a staff member without the editor role that it is not for them', async () => {
    for (const [viewport, name] of [[PHONE, 'phone'], [LAPTOP, 'laptop']] as const) {
      const { page, errors } = await open(viewport);
      await page.waitForSelector('#login-email');
      await page.screenshot({ path: join(SHOTS, `announcements-login-${name}.png`), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    }
    const { page } = await open(PHONE);
    await signIn(page, 'petr@example.org');
    await page.waitForSelector('text=Announcements are written by editors');
    await page.context().close();
  });

  it('writes in two languages, previews safely, sends after a confirmation and shows the progress', async () => {
    const { page, errors } = await open(LAPTOP);
    await signIn(page, 'eva@example.org');
    await page.waitForSelector('#ann-name');
    await page.locator('#ann-name').fill('Czech courses from January <b>2027</b>');
    await page.getByLabel(/Czech courses/).check();
    await page.locator('#text-uk').fill('Нові **курси чеської** з січня.\n\n- Початківці: понеділок\n- Середній рівень: середа\n\n<img src=x onerror="window.hacked=1"> [Запис](https://www.cizincijmk.cz/)');
    await page.locator('#text-cs').fill('Nové **kurzy češtiny** od ledna.\n\n- Začátečníci: pondělí\n- Mírně pokročilí: středa\n\n[Přihláška](https://www.cizincijmk.cz/)');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForSelector('.preview .bubble');
    const preview = await page.locator('.preview').innerText();
    expect(preview).toContain('Goes to 9 subscribers');
    expect(preview).toContain('3 read Tiếng Việt → get Čeština');
    // The editor's markup is text: no element came from it, nothing ran.
    expect(await page.locator('.preview img').count()).toBe(0);
    expect(await page.locator('.bubble', { hasText: '<img src=x' }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(await page.locator('.bubble strong', { hasText: /^курси чеської$/ }).count()).toBe(1);
    // The preview took the focus and scrolled; the picture starts at the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'announcements-editor-laptop.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SHOTS, 'announcements-editor-phone.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize(LAPTOP);

    await page.getByRole('button', { name: 'Send now' }).click();
    await page.waitForSelector('text=Send to 9 subscribers now?');
    await page.getByRole('button', { name: 'Yes, send' }).click();
    await page.waitForSelector('.detail');
    await page.waitForSelector('.detail .badge.sent', { timeout: 20_000 });
    expect(await page.locator('.progress-label').innerText()).toBe('9 of 9 done');
    expect(await page.locator('.ann-list .item').first().innerText()).toContain('Czech courses from January <b>2027</b>');
    expect(await page.locator('.detail').innerText()).toContain('Who gets it: subscribers of Czech courses');
    await page.screenshot({ path: join(SHOTS, 'announcements-sent-laptop.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SHOTS, 'announcements-sent-phone.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    const sent = await svc.runtime.store.conversations.messages('webchat:5000');
    expect(sent).toEqual([]);
    const list = await svc.runtime.campaigns.list();
    expect(list[0]?.counts.sent).toBe(9);
    await page.context().close();
  });

  it('schedules for later in Czech, and shows it as scheduled', async () => {
    const { page, errors } = await open(PHONE, 'cs');
    await signIn(page, 'eva@example.org');
    await page.waitForSelector('#ann-name');
    await page.getByRole('button', { name: 'Nové oznámení' }).click();
    await page.locator('#ann-name').fill('Den otevřených dveří');
    await page.getByLabel(/^Akce/).check();
    await page.locator('#text-cs').fill('V sobotu 9. ledna máme **den otevřených dveří**.');
    await page.getByRole('button', { name: 'Naplánovat' }).click();
    await page.waitForSelector('.banner');
    expect(await page.locator('.banner').innerText()).toContain('Naplánováno na');
    const scheduled = await until('the scheduled announcement', () => svc.runtime.campaigns.list(), (l) => l.some((v) => v.announcement.status === 'scheduled'));
    expect(scheduled.find((v) => v.announcement.status === 'scheduled')?.announcement.name).toBe('Den otevřených dveří');
    await page.screenshot({ path: join(SHOTS, 'announcements-scheduled-phone.png'), fullPage: true });
    await page.setViewportSize(LAPTOP);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'announcements-scheduled-laptop.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
