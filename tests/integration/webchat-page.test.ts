import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dirOf } from '../../adapters/webchat/protocol.js';
import { visitorTopic } from '../../adapters/webchat/webchat-channel.js';
import { LANGS, type Lang } from '../../src/core/language.js';
import { clarifyReply } from '../../src/conversation/replies.js';
import { launchChromium, openChat, plainStart, seriousViolations, startWebchat, visitorOf, type WebchatService } from '../support/webchat-browser.js';

/** The full-page chat (/chat) in real Chromium against a real listening service. */
let browser: Browser;
let svc: WebchatService;

beforeAll(async () => {
  [browser, svc] = await Promise.all([launchChromium(), startWebchat()]);
});
afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

const waitFor = <T>(fn: () => Promise<T> | T): Promise<T> => vi.waitFor(fn, { timeout: 15_000, interval: 50 });

async function ask(page: Page, text: string): Promise<void> {
  await page.locator('#cz-input').fill(text);
  await page.locator('#cz-input').press('Enter');
}

/** The text of the newest bot message, once there are `count` of them. */
async function botText(page: Page, count: number): Promise<string> {
  const bubbles = page.locator('.msg.bot:not(.welcome) .bubble');
  await waitFor(async () => expect(await bubbles.count()).toBeGreaterThanOrEqual(count));
  return (await bubbles.nth(count - 1).innerText()).replace(/\s+/g, ' ');
}

/** A knowledge-base question in `lang` and the start of the answer the service will give. */
function question(id: string, lang: Lang): { text: string; expected: string } {
  const text = svc.runtime.knowledge.entry(id)?.translations[lang]?.questions[0] ?? '';
  const decided = svc.runtime.knowledge.decide(text, { hint: lang });
  const answer = svc.runtime.knowledge.answer(decided.entry ?? id, lang, new Date());
  return { text, expected: plainStart(answer?.text ?? '') };
}

describe('the web chat page', () => {
  it('holds a conversation in Ukrainian, from a QR code link with ?lang=uk', async () => {
    const { page, errors } = await openChat(browser, `${svc.base}/chat?lang=uk`);
    expect(await page.getAttribute('html', 'lang')).toBe('uk');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await page.locator('#cz-lang option:checked').textContent()).toBe('Українська');
    expect(await page.locator('#cz-input').getAttribute('placeholder')).toBe('Напишіть своє питання…');
    expect(await page.locator('.welcome .bubble').innerText()).toContain('Вітаю!');

    const q = question('czech.courses', 'uk');
    await ask(page, q.text);
    expect(await botText(page, 1)).toContain(q.expected);
    expect(await page.locator('.msg.bot:not(.welcome) .bubble').last().getAttribute('lang')).toBe('uk');
    expect(await page.locator('.msg.user .bubble').last().innerText()).toBe(q.text);

    // Feedback on the answer, stored with it for the editors.
    const helpful = page.locator('.msg.bot:not(.welcome) .fb-btn').first();
    expect(await helpful.getAttribute('aria-label')).toBe('Так, допомогла');
    await helpful.click();
    expect(await helpful.getAttribute('aria-pressed')).toBe('true');
    const visitor = await visitorOf(page);
    await waitFor(async () => {
      const messages = await svc.runtime.store.conversations.messages(`webchat:${visitor}`);
      expect(messages.find((m) => m.role === 'bot')?.feedback?.value).toBe('helpful');
    });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('answers in each of the five languages, each in its own words', async () => {
    for (const lang of LANGS) {
      const { page, errors } = await openChat(browser, `${svc.base}/chat?lang=${lang}`);
      expect(await page.locator('#cz-lang option:checked').getAttribute('lang')).toBe(lang);
      const q = question('health.insurance', lang);
      await ask(page, q.text);
      expect(await botText(page, 1)).toContain(q.expected);
      expect(await page.locator('.msg.bot:not(.welcome) .bubble').first().getAttribute('lang')).toBe(lang);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('shows hostile text from a visitor, staff or the knowledge base as text, never as markup', async () => {
    const { page, errors, dialogs } = await openChat(browser, `${svc.base}/chat?lang=en`);
    const hostile = '<img src=x onerror=alert(1)>';
    await ask(page, hostile);
    await botText(page, 1);
    expect(await page.locator('.msg.user .bubble').last().textContent()).toBe(hostile);

    const visitor = await visitorOf(page);
    const address = { channel: 'webchat' as const, thread: visitor, user: visitor };
    // As if an entry of the knowledge base carried HTML: it goes out through the real channel.
    await svc.runtime.channels.send(address, { type: 'text', text: 'Read <script>alert(2)</script> **this** and <b onmouseover=alert(3)>that</b>' }, 'en');
    await svc.runtime.bus.publish(visitorTopic(visitor), {
      type: 'message',
      from: 'staff',
      content: { type: 'text', text: '[click me](javascript:alert(4)) <iframe src="https://example.org"></iframe>' },
      lang: 'en',
      at: new Date().toISOString(),
    });
    await page.waitForSelector('.msg.staff');
    const log = page.locator('#cz-log');
    expect(await log.locator('img, script, iframe, b').count()).toBe(0);
    expect(await log.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await botText(page, 2)).toBe('Read <script>alert(2)</script> this and <b onmouseover=alert(3)>that</b>');
    expect(await log.locator('.msg.bot strong').last().textContent()).toBe('this');
    expect(await page.locator('.msg.staff .bubble').innerText()).toContain('[click me](javascript:alert(4))');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('offers choices and "did you mean" as buttons, and renders staff replies apart', async () => {
    const { page, errors } = await openChat(browser, `${svc.base}/chat?lang=en`);
    const firstTopic = page.locator('.welcome .quick .chip').first();
    const label = await firstTopic.innerText();
    await firstTopic.click();
    await botText(page, 1);
    expect(await page.locator('.msg.user .bubble').last().innerText()).toBe(label);
    expect(await page.locator('.welcome .quick').count()).toBe(0);

    const visitor = await visitorOf(page);
    const decision = { action: 'clarify' as const, lang: 'en' as const, entry: null, score: 0.3, candidates: [{ entry: 'czech.courses', score: 0.3 }, { entry: 'czech.self-study', score: 0.29 }] };
    const clarify = clarifyReply(svc.runtime.deps, decision).content;
    await svc.runtime.channels.send({ channel: 'webchat', thread: visitor, user: visitor }, clarify, 'en');
    const chips = page.locator('.msg.bot .quick .chip');
    await waitFor(async () => expect(await chips.count()).toBe(3));
    await chips.first().click();
    expect(await botText(page, 3)).toContain(question('czech.courses', 'en').expected);

    await svc.runtime.bus.publish(visitorTopic(visitor), { type: 'typing', from: 'staff', on: true });
    await page.waitForSelector('#cz-typing:not([hidden])');
    expect(await page.locator('#cz-typing').innerText()).toContain('A staff member is typing');
    await svc.runtime.bus.publish(visitorTopic(visitor), { type: 'message', from: 'staff', content: { type: 'text', text: 'Hello, this is Jana from the Centre.' }, lang: 'en', at: new Date().toISOString() });
    await page.waitForSelector('.msg.staff');
    expect(await page.locator('.msg.staff .who').innerText()).toMatch(/staff/i);
    expect(await page.locator('#cz-typing').isHidden()).toBe(true);
    const [botBg, staffBg] = await Promise.all(
      ['.msg.bot .bubble', '.msg.staff .bubble'].map((s) => page.locator(s).last().evaluate((el) => getComputedStyle(el).backgroundColor)),
    );
    expect(staffBg).not.toBe(botBg);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('works with the keyboard alone: Tab to a suggestion, Enter sends, Shift+Tab to rate', async () => {
    const { page, errors } = await openChat(browser, `${svc.base}/chat?lang=en`);
    await page.waitForSelector('.welcome .quick .chip');
    const focused = () => page.evaluate(() => `${document.activeElement?.tagName.toLowerCase()}#${document.activeElement?.id}.${document.activeElement?.className}`);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('select#cz-lang.');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('div#cz-log.log');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button#.chip');
    await page.keyboard.press('Enter');
    await botText(page, 1);
    expect(await focused()).toBe('textarea#cz-input.');

    await page.keyboard.type('Which foreigners can be in Czech public health insurance?');
    await page.keyboard.press('Shift+Enter');
    expect(await page.locator('#cz-input').inputValue()).toContain('\n');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await botText(page, 2);
    await waitFor(async () => expect(await page.locator('.msg.bot:not(.welcome)').last().locator('.fb-btn').count()).toBe(2));
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('button#.fb-btn');
    await page.keyboard.press('Space');
    expect(await page.locator('.msg.bot:not(.welcome)').last().locator('.fb-btn[aria-pressed="true"]').getAttribute('aria-label')).toBe('Yes, helpful');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('switches language with the picker: the page, then the bot', async () => {
    const { page, errors } = await openChat(browser, `${svc.base}/chat?lang=en`);
    await ask(page, 'Hello');
    await botText(page, 1);
    await page.selectOption('#cz-lang', 'vi');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.locator('#cz-input').getAttribute('placeholder')).toBe('Viết câu hỏi của bạn…');
    expect(await page.locator('.welcome .bubble').getAttribute('lang')).toBe('vi');
    await waitFor(async () => expect(await page.locator('.msg.user .bubble').last().innerText()).toBe('Tiếng Việt'));
    expect(await botText(page, 2)).toBe(svc.runtime.i18n.t('vi', 'lang.changed'));
    // The choice is remembered: a reload without ?lang stays in Vietnamese.
    await page.goto(`${svc.base}/chat`);
    await page.waitForSelector('.msg.user');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(dirOf('ar')).toBe('rtl');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('refuses an over-long message with a friendly explanation, before sending it', async () => {
    const { page, errors } = await openChat(browser, `${svc.base}/chat?lang=en`);
    const max = svc.config.maxMessageLength;
    await page.locator('#cz-input').fill('a'.repeat(max + 1));
    await page.locator('#cz-input').press('Enter');
    expect(await page.locator('#cz-error').innerText()).toBe(`Your message is too long (${max + 1} characters). Please shorten it to ${max} characters or send it in several parts.`);
    expect(await page.locator('#cz-input').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.msg.user').count()).toBe(0);
    await page.locator('#cz-input').press('Backspace');
    expect(await page.locator('#cz-error').innerText()).toBe('');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('has no serious or critical WCAG 2 A/AA problem (axe-core), on a phone and on a laptop', async () => {
    const { page, errors } = await openChat(browser, `${svc.base}/chat?lang=cs`);
    await page.waitForSelector('.welcome .quick .chip');
    expect(await seriousViolations(page)).toEqual([]);
    await ask(page, question('residence.blue-card', 'cs').text);
    await botText(page, 1);
    await ask(page, '/start');
    await botText(page, 4);
    const visitor = await visitorOf(page);
    await svc.runtime.bus.publish(visitorTopic(visitor), { type: 'message', from: 'staff', content: { type: 'text', text: 'Dobrý den, tady Jana.' }, lang: 'cs', at: new Date().toISOString() });
    await svc.runtime.bus.publish(visitorTopic(visitor), { type: 'typing', from: 'staff', on: true });
    await page.waitForSelector('.msg.staff');
    await waitFor(async () => expect(await page.locator('.fb').count()).toBeGreaterThan(0));
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.locator('[role="log"][aria-live]').count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Vaše zpráva' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
