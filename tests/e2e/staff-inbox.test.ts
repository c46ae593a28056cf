import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Lang } from '../../src/core/language.js';
import { PASSWORD, addStaff } from '../support/staff.js';
import { launchChromium, openChat, plainStart, seriousViolations, startWebchat, visitorOf, type WebchatService } from '../support/webchat-browser.js';
import { say } from '../support/webchat-client.js';

/** The staff inbox (/staff) in real Chromium, against a real listening service, with the real /chat page as the user. */
let browser: Browser;
let svc: WebchatService;

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  [browser, svc] = await Promise.all([launchChromium(), startWebchat()]);
  await addStaff(svc.runtime, 'olena@example.org', 'staff', { languages: ['uk', 'ru', 'cs'], name: 'Olena Kovalenko' });
  await addStaff(svc.runtime, 'petr@example.org', 'staff', { languages: ['cs'], teams: ['czech'], name: 'Petr' });
  await addStaff(svc.runtime, 'eva@example.org', 'editor', { name: 'Eva' });
});
afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

const waitFor = <T>(fn: () => Promise<T> | T): Promise<T> => vi.waitFor(fn, { timeout: 15_000, interval: 50 });

interface StaffPage {
  page: Page;
  errors: string[];
  dialogs: string[];
}

async function openInbox(viewport = LAPTOP, lang: 'en' | 'cs' = 'en'): Promise<StaffPage> {
  const context = await browser.newContext({ viewport, locale: lang === 'cs' ? 'cs-CZ' : 'en-GB' });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${svc.base}/staff`);
  return { page, errors, dialogs };
}

async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-password').press('Enter');
}

/** A knowledge-base question in `lang` and the start of the answer the service gives. */
function question(id: string, lang: Lang): { text: string; expected: string } {
  const text = svc.runtime.knowledge.entry(id)?.translations[lang]?.questions[0] ?? '';
  const d = svc.runtime.knowledge.decide(text, { hint: lang });
  return { text, expected: plainStart(svc.runtime.knowledge.answer(d.entry ?? id, lang, new Date())?.text ?? '') };
}

async function ask(page: Page, text: string): Promise<void> {
  await page.locator('#cz-input').fill(text);
  await page.locator('#cz-input').press('Enter');
}

async function botCount(page: Page): Promise<number> {
  return page.locator('.msg.bot:not(.welcome)').count();
}

/** The newest bot bubble once there are more than `before`. */
async function nextBot(page: Page, before: number): Promise<string> {
  await waitFor(async () => expect(await botCount(page)).toBeGreaterThan(before));
  return (await page.locator('.msg.bot:not(.welcome) .bubble').last().innerText()).replace(/\s+/g, ' ');
}

/** The web chat accepts visitor ids of 8 to 64 characters; unique per run. */
const visitorId = (name: string): string => `${name}-${process.pid}-${Date.now().toString(36)}`;

const item = (page: Page, id: string) => page.locator(`.q-item[data-id="${id}"]`);

describe('the staff inbox', () => {
  it('takes a Ukrainian web chat user from "a person, please" to a live staff reply, and back to the bot', async () => {
    const { page: staff, errors: staffErrors, dialogs } = await openInbox();
    await signIn(staff, 'olena@example.org');
    await staff.waitForSelector('.tabs');
    expect(await staff.locator('.me').innerText()).toBe('Olena Kovalenko');
    await waitFor(async () => expect(await staff.locator('#live-state').innerText()).toBe('Live'));
    // Marks this document: if the inbox reloaded to show the new conversation, the mark would be gone.
    await staff.evaluate(() => document.body.setAttribute('data-mark', 'same-document'));

    const { page: user, errors: userErrors } = await openChat(browser, `${svc.base}/chat?lang=uk`);
    const courses = question('czech.courses', 'uk');
    await ask(user, courses.text);
    expect(await nextBot(user, 0)).toContain(courses.expected);
    await ask(user, 'Я хочу поговорити з людиною');
    await user.locator('.msg.bot .quick .chip', { hasText: 'Тимчасовий захист' }).click();
    await waitFor(async () => expect(await user.locator('.msg.bot .quick .chip', { hasText: 'Пропустити' }).count()).toBe(1));
    const before = await botCount(user);
    const summary = 'Хочу записатися на курс чеської мови, але не знаю, який рівень обрати.';
    await ask(user, summary);
    expect(await nextBot(user, before)).toContain('Передаю вашу розмову працівникові Центру');
    const id = `webchat:${await visitorOf(user)}`;

    // Live: the conversation appears in the open inbox, announced, without a reload.
    await item(staff, id).waitFor();
    expect(await staff.getAttribute('body', 'data-mark')).toBe('same-document');
    const line = await item(staff, id).innerText();
    expect(line).toContain('Web chat · Ukrainian');
    expect(line).toMatch(/waiting \d+ min/);
    expect(line).toContain(summary);
    await waitFor(async () => expect(await staff.locator('.toast').innerText()).toContain('New conversation waiting: Web chat · Ukrainian'));
    expect(await staff.title()).toMatch(/^\(\d+\) Staff inbox$/);

    await item(staff, id).locator('a').click();
    await staff.waitForSelector('#conv-title');
    expect(await staff.locator('#conv-title').innerText()).toMatch(/^Web chat · Ukrainian · /);
    expect(await staff.locator('.conv-meta .badge.status').innerText()).toBe('Waiting');
    const intake = await staff.locator('.intake').innerText();
    expect(intake).toContain('Temporary protection');
    expect(intake).toContain(summary);
    expect(intake).toContain('Asked for a person');
    // The whole transcript, with what the bot answered and why.
    expect(await staff.locator('.m.user .m-text').first().innerText()).toBe(courses.text);
    const why = await staff.locator('.m.bot .m-why').allInnerTexts();
    expect(why.some((w) => /^Answer czech\.[a-z.-]+ · score \d\.\d\d$/.test(w)), why.join(' | ')).toBe(true);
    expect(await staff.locator('#reply-text').isDisabled()).toBe(true);
    expect(await staff.locator('#reply-hint').innerText()).toBe('Claim the conversation to reply.');

    await staff.getByRole('button', { name: 'Claim', exact: true }).click();
    await waitFor(async () => expect(await staff.locator('.conv-meta .badge.status').innerText()).toBe('Assigned'));
    expect(await staff.locator('.conv-meta .who').innerText()).toBe('Assigned to you');
    await waitFor(async () => expect(await staff.evaluate(() => document.activeElement?.id)).toBe('reply-text'));

    // Enter sends; Shift+Enter is a new line within the reply.
    await staff.keyboard.type('Добрий день! Я Олена з Центру.');
    await staff.keyboard.press('Shift+Enter');
    await staff.keyboard.type('Допоможу вам обрати курс.');
    await staff.keyboard.press('Enter');
    await user.locator('.msg.staff').waitFor();
    expect(await user.locator('.msg.staff .bubble').innerText()).toContain('Допоможу вам обрати курс.');
    await waitFor(async () => expect(await staff.locator('.m.staff .m-text').innerText()).toBe('Добрий день! Я Олена з Центру.\nДопоможу вам обрати курс.'));
    expect(await staff.locator('.m.staff .m-who').innerText()).toBe('Staff · Olena Kovalenko');
    expect(await staff.locator('#reply-text').inputValue()).toBe('');

    // The user writes while staff own the conversation: it shows in the inbox live, and the bot stays quiet.
    const botsNow = await botCount(user);
    await ask(user, 'Дякую! Я зараз на рівні A1.');
    await waitFor(async () => expect(await staff.locator('.m.user .m-text').last().innerText()).toBe('Дякую! Я зараз на рівні A1.'));
    expect(await botCount(user)).toBe(botsNow);

    // An answer from the knowledge base in the user's language, into the reply box.
    await staff.locator('.kb summary').click();
    expect(await staff.locator('#kb-lang').inputValue()).toBe('uk');
    await staff.locator('#kb-q').fill(courses.text);
    await staff.getByRole('button', { name: 'Search', exact: true }).click();
    await staff.locator('.kb-item').first().waitFor();
    await staff.locator('.kb-item button').first().click();
    const inserted = await staff.locator('#reply-text').inputValue();
    const expectedAnswer = (await svc.app.inject({ url: `/api/staff/kb?q=${encodeURIComponent(courses.text)}&lang=uk`, headers: { cookie: (await staff.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).json() as { results: { answer: string }[] };
    expect(inserted).toBe(expectedAnswer.results[0]?.answer);
    expect(await staff.evaluate(() => document.activeElement?.id)).toBe('reply-text');
    await staff.locator('#reply-text').fill('');

    // An internal note: shown apart in the inbox, never sent to the user.
    await staff.getByRole('button', { name: 'Internal note', exact: true }).click();
    await staff.locator('#reply-text').fill('Check which level test she took.');
    await staff.locator('#reply-text').press('Enter');
    await staff.locator('.m.note').waitFor();
    expect(await staff.locator('.m.note .m-who').innerText()).toBe('Internal note · Olena Kovalenko');
    const [noteBg, staffBg] = await Promise.all(['.m.note', '.m.staff'].map((s) => staff.locator(s).first().evaluate((el) => getComputedStyle(el).backgroundColor)));
    expect(noteBg).not.toBe(staffBg);

    // Close: the user is told and the bot answers again.
    const beforeClose = await botCount(user);
    await staff.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await nextBot(user, beforeClose)).toContain('Розмову з працівником завершено');
    await waitFor(async () => expect(await staff.locator('.conv-meta .badge.status').innerText()).toBe('Closed'));
    expect(await staff.locator('#reply-hint').innerText()).toBe('This conversation is closed; the bot answers the user again.');
    await waitFor(async () => expect(await item(staff, id).count()).toBe(0));
    const health = question('health.insurance', 'uk');
    const beforeAgain = await botCount(user);
    await ask(user, health.text);
    expect(await nextBot(user, beforeAgain)).toContain(health.expected);
    expect(await user.locator('.msg').allInnerTexts()).not.toContain('Check which level test she took.');
    expect((await user.locator('#cz-log').innerText()).includes('Check which level test she took.')).toBe(false);

    const actions = (await svc.runtime.store.audit.list({ limit: 200 })).filter((e) => e.target === id).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['claim', 'reply', 'note', 'close']));
    expect(dialogs).toEqual([]);
    expect(staffErrors).toEqual([]);
    expect(userErrors).toEqual([]);
    await staff.context().close();
    await user.context().close();
  });

  it('shows a hostile user message as text: no markup, no script, in the queue, the intake and the transcript', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const visitor = visitorId('hostile');
    await say(svc.app, visitor, { text: 'хочу поговорити з людиною' });
    await say(svc.app, visitor, { postback: 'intake:res:other' });
    await say(svc.app, visitor, { text: hostile });
    const id = `webchat:${visitor}`;

    const { page, errors, dialogs } = await openInbox();
    await signIn(page, 'olena@example.org');
    await item(page, id).waitFor();
    expect(await item(page, id).locator('.q-summary').textContent()).toBe(hostile);
    await item(page, id).locator('a').click();
    await page.waitForSelector('.intake');
    await say(svc.app, visitor, { text: '<script>alert(2)</script><b onmouseover=alert(3)>bold</b>' });
    await waitFor(async () => expect(await page.locator('.m.user .m-text').last().textContent()).toBe('<script>alert(2)</script><b onmouseover=alert(3)>bold</b>'));
    expect(await page.locator('.intake dd', { hasText: 'onerror' }).textContent()).toBe(hostile);
    expect(await page.locator('.m.user .m-text', { hasText: 'onerror' }).textContent()).toBe(hostile);
    expect(await page.locator('#app img, #app script, #app b').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows a failed delivery with its reason', async () => {
    const visitor = visitorId('gone');
    await say(svc.app, visitor, { text: 'хочу поговорити з людиною' });
    await say(svc.app, visitor, { postback: 'intake:skip' });
    const id = `webchat:${visitor}`;
    const c = await svc.runtime.store.conversations.get(id);
    if (!c) throw new Error('no conversation');
    // As a channel reports it when the user blocked the bot.
    await svc.runtime.store.conversations.save({ ...c, unreachable: { reason: 'the user blocked the bot', at: new Date().toISOString() } });

    const { page, errors } = await openInbox();
    await signIn(page, 'olena@example.org');
    await page.locator('.tabs').waitFor();
    await page.goto(`${svc.base}/staff#/c/${encodeURIComponent(id)}`);
    await page.waitForSelector('.intake');
    expect(await page.locator('.intake-note').innerText()).toBe('The user skipped the intake questions.');
    expect(await page.locator('.unreachable').innerText()).toBe('The user cannot be reached on this channel: the user blocked the bot');
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await waitFor(async () => expect(await page.locator('#reply-text').isEnabled()).toBe(true));
    await page.locator('#reply-text').fill('Dobrý den');
    await page.locator('#reply-text').press('Enter');
    await page.locator('.m.staff.failed').waitFor();
    expect(await page.locator('.m.staff .m-fail').innerText()).toBe('Not delivered: the user cannot be reached on webchat: the user blocked the bot');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('transfers to a colleague of another team, who then sees it as theirs', async () => {
    const visitor = visitorId('transfer');
    await say(svc.app, visitor, { text: 'chci mluvit s člověkem' });
    await say(svc.app, visitor, { postback: 'intake:res:permanent' });
    await say(svc.app, visitor, { text: 'Chci se přihlásit na kurz češtiny.' });
    const id = `webchat:${visitor}`;

    const { page } = await openInbox();
    await signIn(page, 'olena@example.org');
    await page.locator('.tabs').waitFor();
    await page.goto(`${svc.base}/staff#/c/${encodeURIComponent(id)}`);
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('transfer-to');
    const options = await page.locator('#transfer-to option').allInnerTexts();
    expect(options).toEqual(expect.arrayContaining(['Legal counselling', 'Czech courses', 'Petr (cs)']));
    expect(options.some((o) => o.includes('Olena'))).toBe(false);
    expect(options).not.toContain('Eva');
    await page.selectOption('#transfer-to', { label: 'Petr (cs)' });
    await page.locator('#transfer-form').getByRole('button', { name: 'Transfer' }).click();
    await waitFor(async () => expect(await page.locator('.conv-meta .who').innerText()).toBe('Assigned to Petr'));
    await page.context().close();

    const { page: petr } = await openInbox();
    await signIn(petr, 'petr@example.org');
    await petr.getByRole('button', { name: /^Mine/ }).click();
    await item(petr, id).waitFor();
    expect(await petr.locator('.tab[aria-pressed="true"] .count').innerText()).toBe('1');
    await petr.context().close();
  });

  it('speaks Czech and English, remembers the choice, and works by keyboard on a phone', async () => {
    const visitor = visitorId('phone');
    await say(svc.app, visitor, { text: 'tôi muốn nói chuyện với người thật' });
    await say(svc.app, visitor, { postback: 'intake:skip' });
    const id = `webchat:${visitor}`;

    const { page, errors } = await openInbox(PHONE, 'cs');
    expect(await page.locator('#login-heading').innerText()).toBe('Přihlášení do schránky');
    await signIn(page, 'olena@example.org', 'wrong password');
    await waitFor(async () => expect(await page.locator('#login-error').innerText()).toBe('Nesprávný e-mail nebo heslo.'));
    expect(await page.locator('#login-password').inputValue()).toBe('');
    await signIn(page, 'olena@example.org');
    await item(page, id).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('cs');
    expect(await item(page, id).innerText()).toContain('Webový chat · vietnamština');

    await page.selectOption('#ui-lang', 'en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await item(page, id).innerText()).toContain('Web chat · Vietnamese');
    await page.reload();
    await item(page, id).waitFor();
    expect(await page.locator('#sign-out').innerText()).toBe('Sign out');

    // Keyboard only: Tab to the conversation, Enter opens it; on a phone the queue gives way to it.
    const link = item(page, id).locator('a');
    for (let i = 0; i < 20 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#conv-title');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('conv-title');
    expect(await page.locator('.queue-slot').isVisible()).toBe(false);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await page.getByRole('link', { name: /Back to the queue/ }).click();
    await item(page, id).waitFor();
    expect(await page.locator('.conv-slot').isVisible()).toBe(false);

    await page.locator('#sign-out').click();
    await page.locator('#login-email').waitFor();
    expect((await svc.app.inject({ url: '/api/staff/me', headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).statusCode).toBe(401);
    // The wrong password above is answered 401, which Chromium logs; nothing else may appear.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    await page.context().close();
  });

  it('raises a desktop notification for a new conversation while the inbox is in the background', async () => {
    const context = await browser.newContext({ viewport: LAPTOP });
    // A recording stand-in for the Notification API, and a page that is not in front.
    await context.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      class Recorder extends EventTarget {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        constructor(title: string, opts: { body?: string } = {}) {
          super();
          shown.push({ title, body: opts.body ?? '' });
        }
        close(): void {}
      }
      Object.defineProperty(window, 'Notification', { value: Recorder });
      Object.defineProperty(window, 'shownNotifications', { value: shown });
      document.hasFocus = () => false;
    });
    const page = await context.newPage();
    await page.goto(`${svc.base}/staff`);
    await signIn(page, 'olena@example.org');
    await page.locator('.tabs').waitFor();
    expect(await page.locator('#notify-btn').count()).toBe(0);
    const visitor = visitorId('notify');
    await say(svc.app, visitor, { text: 'хочу поговорити з людиною' });
    await say(svc.app, visitor, { postback: 'intake:skip' });
    await item(page, `webchat:${visitor}`).waitFor();
    const shown = await page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body: string }[] }).shownNotifications);
    expect(shown).toContainEqual({ title: 'Staff inbox', body: expect.stringMatching(/^New conversation waiting: Web chat · Ukrainian · /) as unknown as string });
    await context.close();
  });

  it('tells an editor the inbox is not for them', async () => {
    const { page } = await openInbox();
    await signIn(page, 'eva@example.org');
    await waitFor(async () => expect(await page.locator('[role="alert"]').innerText()).toBe('This account has no access to the inbox.'));
    expect(await page.locator('.tabs').count()).toBe(0);
    await page.context().close();
  });

  it('has no serious or critical WCAG 2 A/AA problem (axe-core): sign-in, queue and conversation, phone and laptop', async () => {
    const visitor = visitorId('axe');
    await say(svc.app, visitor, { text: 'хочу поговорити з людиною' });
    await say(svc.app, visitor, { postback: 'intake:res:eu' });
    await say(svc.app, visitor, { text: 'Потрібна допомога з медичним страхуванням' });
    const id = `webchat:${visitor}`;
    for (const viewport of [PHONE, LAPTOP]) {
      const { page, errors } = await openInbox(viewport);
      await page.locator('#login-email').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await signIn(page, 'olena@example.org');
      await item(page, id).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await item(page, id).locator('a').click();
      await page.waitForSelector('.intake');
      await page.locator('.kb summary').click();
      expect(await seriousViolations(page)).toEqual([]);
      if (viewport === LAPTOP) {
        // Claimed, with a reply, a note and the transfer form open: every kind of message and control.
        await page.getByRole('button', { name: 'Claim', exact: true }).click();
        await waitFor(async () => expect(await page.locator('#reply-text').isEnabled()).toBe(true));
        await page.locator('#reply-text').fill('Добрий день!');
        await page.locator('#reply-text').press('Enter');
        await page.locator('.m.staff').waitFor();
        await page.getByRole('button', { name: 'Internal note', exact: true }).click();
        await page.locator('#reply-text').fill('Needs the insurance card number.');
        await page.locator('#reply-text').press('Enter');
        await page.locator('.m.note').waitFor();
        await page.getByRole('button', { name: 'Transfer', exact: true }).click();
        expect(await seriousViolations(page)).toEqual([]);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
