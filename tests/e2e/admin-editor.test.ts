import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PASSWORD, addStaff } from '../support/staff.js';
import { launchChromium, openChat, plainStart, seriousViolations, startWebchat, type WebchatService } from '../support/webchat-browser.js';

/** The editor pages (/admin) in real Chromium against a real listening service, with the real /chat page as the user. */
let browser: Browser;
let svc: WebchatService;

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ENTRY = 'czech.courses';

beforeAll(async () => {
  [browser, svc] = await Promise.all([launchChromium(), startWebchat()]);
  await addStaff(svc.runtime, 'eva@example.org', 'editor', { name: 'Eva Editorová' });
  await addStaff(svc.runtime, 'olena@example.org', 'staff', { name: 'Olena' });
});
afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

const waitFor = <T>(fn: () => Promise<T> | T): Promise<T> => vi.waitFor(fn, { timeout: 20_000, interval: 50 });

interface AdminPage {
  page: Page;
  errors: string[];
  dialogs: string[];
}

async function openAdmin(hash = '', viewport = LAPTOP, email = 'eva@example.org'): Promise<AdminPage> {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
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
  await page.goto(`${svc.base}/admin${hash}`);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('#login-password').press('Enter');
  await page.locator('#sign-out').waitFor();
  return { page, errors, dialogs };
}

async function askInChat(lang: string, text: string): Promise<string> {
  const { page, errors } = await openChat(browser, `${svc.base}/chat?lang=${lang}`);
  await page.locator('#cz-input').fill(text);
  await page.locator('#cz-input').press('Enter');
  const bubble = page.locator('.msg.bot:not(.welcome) .bubble').first();
  await bubble.waitFor();
  const shown = (await bubble.innerText()).replace(/\s+/g, ' ');
  expect(errors).toEqual([]);
  await page.context().close();
  return shown;
}

describe('the editor', () => {
  it('changes the Ukrainian answer, the web chat answers with it at once, and a rollback restores it', async () => {
    const { page, errors, dialogs } = await openAdmin(`#/entries/${ENTRY}`);
    const answer = page.locator('section.lang-col[lang="uk"] textarea.answer');
    await answer.waitFor();
    const original = await answer.inputValue();
    const question = svc.runtime.knowledge.entry(ENTRY)?.translations.uk?.questions[0] ?? '';
    expect(await askInChat('uk', question)).toContain(plainStart(original));

    await answer.fill(`**Оновлено редактором: новий курс щочетверга.**\n\n${original}`);
    await page.locator('#save-entry').click();
    await waitFor(async () => expect(await page.locator('#save-status').innerText()).toMatch(/^Saved as revision 1: uk: answer\./));
    expect(await askInChat('uk', question)).toContain('Оновлено редактором: новий курс щочетверга.');

    const history = page.locator('.history .revision');
    await waitFor(async () => expect(await history.count()).toBe(1));
    expect(await history.first().innerText()).toContain('Eva Editorová');
    await history.first().getByRole('button', { name: 'Changes' }).click();
    await waitFor(async () => expect(await history.first().locator('ins').first().innerText()).toContain('Оновлено редактором'));

    await page.getByRole('button', { name: 'Restore the shipped file' }).click();
    await waitFor(async () => expect(await page.locator('#save-status').innerText()).toBe('Restored: revision 2 is now in use.'));
    expect(await page.locator('section.lang-col[lang="uk"] textarea.answer').inputValue()).toBe(original);
    const after = await askInChat('uk', question);
    expect(after).not.toContain('Оновлено редактором');
    expect(after).toContain(plainStart(original));

    expect(await seriousViolations(page)).toEqual([]);
    // Nothing unsaved: leaving does not ask.
    await page.getByRole('link', { name: 'Try it' }).click();
    await page.locator('#try-text').waitFor();
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('asks before leaving an entry with unsaved changes', async () => {
    const { page, dialogs } = await openAdmin(`#/entries/${ENTRY}`);
    const answer = page.locator('section.lang-col[lang="vi"] textarea.answer');
    await answer.waitFor();
    await answer.fill(`${await answer.inputValue()} thay đổi`);
    await page.getByRole('link', { name: 'Try it' }).click();
    await waitFor(() => expect(dialogs).toEqual(['You have unsaved changes. Leave without saving?']));
    // Dismissed: the editor and the change stay.
    expect(await page.locator('section.lang-col[lang="vi"] textarea.answer').inputValue()).toContain('thay đổi');
    expect(await page.evaluate(() => location.hash)).toBe(`#/entries/${ENTRY}`);
    await page.context().close();
  });

  it('lists the problems of an invalid entry instead of saving it', async () => {
    const { page, errors } = await openAdmin(`#/entries/${ENTRY}`);
    const title = page.locator('section.lang-col[lang="en"] input').first();
    await title.waitFor();
    await title.fill('');
    await page.locator('section.lang-col[lang="en"] textarea.answer').fill('too short');
    await page.locator('#save-entry').click();
    const problems = page.locator('#save-problems li');
    await waitFor(async () => expect(await problems.count()).toBeGreaterThanOrEqual(2));
    expect(await page.locator('#save-problems').innerText()).toContain('translations/en/answer');
    expect(await page.locator('#save-problems').innerText()).toContain('translations/en/title');
    expect(svc.runtime.kb.head).toBe(2);
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await page.context().close();
  });

  it('turns a question the bot missed into a question variant from the review list, and the bot then answers it', async () => {
    const missed = 'Kde můžu zaparkovat kolo u vašeho centra?';
    const hostile = 'kolo <img src=x onerror=alert(1)> zaparkovat u centra';
    const first = await askInChat('cs', missed);
    expect(first).not.toContain(plainStart(svc.runtime.knowledge.answer('centre.contacts', 'cs', new Date())?.text ?? ''));
    await askInChat('cs', hostile);

    const { page, errors, dialogs } = await openAdmin('#/review');
    const card = page.locator('.review-card').filter({ hasText: 'zaparkovat kolo u vašeho centra' });
    await card.waitFor();
    expect(await page.locator('.review-list img').count()).toBe(0);
    expect(await page.locator('.review-list').innerText()).toContain('<img src=x onerror=alert(1)>');
    expect(await seriousViolations(page)).toEqual([]);
    await card.locator('select.entry-pick').selectOption('centre.contacts');
    await card.getByRole('button', { name: 'Add as a question variant' }).click();
    await waitFor(async () => expect(await page.locator('.done').innerText()).toBe('Added to centre.contacts. The bot now answers this question with it.'));
    const answer = svc.runtime.knowledge.answer('centre.contacts', 'cs', new Date())?.text ?? '';
    expect(await askInChat('cs', missed)).toContain(plainStart(answer));
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tries a question and shows the decision with its candidates', async () => {
    const { page, errors } = await openAdmin('#/try');
    await page.locator('#try-text').fill(svc.runtime.knowledge.entry('residence.permanent')?.translations.ru?.questions[0] ?? '');
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.locator('#try-action').waitFor();
    expect(await page.locator('#try-action').innerText()).toBe('answer with an entry');
    expect(await page.locator('#try-lang').innerText()).toBe('Russian (ru)');
    expect(await page.locator('.candidates tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#try-reply').getAttribute('lang')).toBe('ru');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Entries' }).click();
    await page.locator('.entry-card').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'New entry' }).click();
    await page.locator('#e-id').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the dashboard with its charts and a CSV of the same numbers, on a phone too', async () => {
    const { page, errors } = await openAdmin('#/dashboard', PHONE);
    await page.locator('#kpi-questions').waitFor();
    const questions = Number(await page.locator('#kpi-questions').innerText());
    expect(questions).toBeGreaterThanOrEqual(5);
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBeGreaterThanOrEqual(7);
    const href = await page.locator('#dash-csv').getAttribute('href');
    expect(href).toMatch(/^\/api\/admin\/insights\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    const csv = await page.evaluate(async (url) => (await fetch(url ?? '')).text(), href);
    expect(csv).toContain(`total,,,questions,${questions}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tells a staff member without the editor role that the pages are not for them', async () => {
    const { page } = await openAdmin('', LAPTOP, 'olena@example.org');
    expect(await page.locator('main h2').innerText()).toBe('No access');
    await page.context().close();
  });
});
