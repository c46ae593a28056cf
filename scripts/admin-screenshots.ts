// Screenshots of the editor pages for the README: sign-in, entries, an entry with its preview and history,
// "try it", the review list and the dashboard, on a phone and a laptop.
// Run: npx tsx scripts/admin-screenshots.ts (needs Chromium at /usr/bin/chromium).
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { newConversation, type TranscriptMessage } from '../src/core/conversation.js';
import type { Lang } from '../src/core/language.js';
import type { ChannelId } from '../src/core/message.js';
import { addStaff, PASSWORD } from '../tests/support/staff.js';
import { launchChromium, startWebchat, type WebchatService } from '../tests/support/webchat-browser.js';
import { say } from '../tests/support/webchat-client.js';

const OUT = 'docs/screenshots';
const SIZES = [
  ['phone', { width: 390, height: 844 }, 2],
  ['laptop', { width: 1280, height: 800 }, 1],
] as const;

/** A small deterministic random generator, so that the pictures stay the same from run to run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
}

/** Questions the made-up users ask that the knowledge base has no answer for. */
const MISSES: Record<Lang, string[]> = {
  uk: ['Чи можна прийти з дитиною на консультацію?', 'Скільки коштує перекладач у поліції?', 'Де знайти стоматолога, який говорить українською?'],
  vi: ['Tôi có thể mang con theo khi đến tư vấn không?', 'Ở đâu có nha sĩ nói tiếng Việt?'],
  ru: ['Можно ли прийти с ребёнком на консультацию?', 'Где найти стоматолога, говорящего по-русски?'],
  cs: ['Můžu přijít na konzultaci s dítětem?', 'Kde najdu zubaře, který mluví ukrajinsky?'],
  en: ['Can I bring my child to the consultation?', 'Where can I find a dentist who speaks English?'],
};

/** Thirty days of made-up conversations written to the store, the way the pipeline writes them. */
async function history(svc: WebchatService): Promise<void> {
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const entries = svc.runtime.kb.entries().map((e) => e.id);
  const channels: ChannelId[] = ['webchat', 'webchat', 'telegram', 'whatsapp', 'whatsapp', 'botframework'];
  const langs: Lang[] = ['uk', 'uk', 'uk', 'ru', 'cs', 'en', 'vi', 'vi'];
  const now = Date.now();
  for (let c = 0; c < 400; c++) {
    const daysAgo = Math.floor(rnd() * 30);
    const hour = 7 + Math.floor(rnd() * 13);
    const start = new Date(now - daysAgo * 86_400_000);
    start.setHours(hour, Math.floor(rnd() * 60));
    if (start.getTime() > now - 3_600_000) start.setTime(start.getTime() - 86_400_000);
    const channel = pick(channels);
    const lang = pick(langs);
    const conv = newConversation({ channel, thread: `shot-${c}`, user: `shot-${c}` }, start);
    const messages: TranscriptMessage[] = [];
    let t = start.getTime();
    const turns = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < turns; i++) {
      t += 60_000 * (1 + Math.floor(rnd() * 5));
      const base = { conversationId: conv.id, channel, lang };
      const r = rnd();
      // Work permits become a frequent question in the last week.
      const entry = daysAgo < 7 && rnd() < 0.3 ? 'work.permit' : pick(entries);
      const action = r < 0.72 ? 'answer' : r < 0.82 ? 'clarify' : r < 0.94 ? 'fallback' : 'escalate';
      const asked = action === 'answer' ? pick(svc.runtime.kb.get(entry).entry.translations[lang]?.questions ?? ['?']) : pick(MISSES[lang]);
      messages.push({ ...base, id: `shot-${c}-u${i}`, role: 'user', text: asked, at: new Date(t).toISOString() });
      messages.push({ ...base, id: `shot-${c}-b${i}`, role: 'bot', text: '…', at: new Date(t + 400).toISOString(), action, entry: action === 'answer' ? entry : null, score: 0.8 });
      if (action === 'escalate') {
        messages.push({ ...base, id: `shot-${c}-s${i}`, role: 'staff', text: 'Dobrý den', at: new Date(t + (5 + rnd() * 200) * 60_000).toISOString(), author: 'Olena' });
        break;
      }
    }
    for (const m of messages) await svc.runtime.store.conversations.appendMessage(m);
    await svc.runtime.store.conversations.save({ ...conv, lang, updatedAt: messages.at(-1)?.at ?? conv.updatedAt });
  }
}

async function signIn(page: Page): Promise<void> {
  await page.locator('#login-email').fill('eva@example.org');
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('#login-password').press('Enter');
  await page.locator('#sign-out').waitFor();
}

async function shoot(browser: Browser, svc: WebchatService): Promise<void> {
  for (const [name, viewport, scale] of SIZES) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale, locale: 'cs-CZ' });
    const page = await context.newPage();
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    page.on('dialog', (d) => {
      process.stderr.write(`dialog: ${d.message()}\n`);
      void d.dismiss();
    });
    await page.goto(`${svc.base}/admin`);
    await page.locator('#login-email').fill('eva@example.org');
    await page.screenshot({ path: `${OUT}/admin-login-${name}.png` });
    await signIn(page);
    await page.locator('.entry-card').first().waitFor();
    await page.screenshot({ path: `${OUT}/admin-entries-${name}.png` });
    await page.goto(`${svc.base}/admin#/entries/czech.courses`);
    await page.locator('section.lang-col[lang="uk"] textarea.answer').waitFor();
    await page.locator('.history .revision').first().waitFor();
    await page.locator('section.lang-col[lang="uk"]').getByRole('button', { name: 'Náhled' }).click();
    await page.locator('#preview-area .channel-preview').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${OUT}/admin-entry-${name}.png` });
    await page.locator('#preview-area').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('preview-area')?.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${OUT}/admin-preview-${name}.png` });
    await page.locator('.history .revision').first().getByRole('button', { name: 'Změny' }).click();
    await page.locator('.history .revision ins').first().waitFor();
    await page.locator('.history-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/admin-history-${name}.png` });
    await page.goto(`${svc.base}/admin#/try`);
    await page.locator('#try-text').fill('Як записатися на курс чеської мови для дорослих?');
    await page.locator('#try-text').press('Tab');
    await page.locator('.try-form button[type="submit"]').click();
    await page.locator('#try-action').waitFor();
    await page.screenshot({ path: `${OUT}/admin-try-${name}.png` });
    await page.goto(`${svc.base}/admin#/review`);
    await page.locator('.review-card').first().waitFor();
    await page.screenshot({ path: `${OUT}/admin-review-${name}.png` });
    await page.goto(`${svc.base}/admin#/dashboard`);
    await page.locator('#kpi-questions').waitFor();
    await page.screenshot({ path: `${OUT}/admin-dashboard-${name}.png`, fullPage: name === 'laptop' });
    await context.close();
  }
}

mkdirSync(OUT, { recursive: true });
const svc = await startWebchat();
const browser = await launchChromium();
try {
  await addStaff(svc.runtime, 'eva@example.org', 'editor', { name: 'Eva Dvořáková' });
  await history(svc);
  // Questions the bot missed, for the review list (with a phone number, masked there).
  for (const [v, text] of [
    ['shot-miss-1', 'Kde můžu zaparkovat kolo u vašeho centra? Volejte 777 123 456'],
    ['shot-miss-2', 'kde můžu zaparkovat kolo u centra'],
    ['shot-miss-3', 'Можна прийти з собакою до центру?'],
    ['shot-miss-4', 'Можна прийти з собакою?'],
    ['shot-miss-5', 'Có chỗ để xe máy ở trung tâm không?'],
  ] as const) await say(svc.app, v, { text });
  // One entry expired and one overdue for review, so that the list shows what comes first.
  for (const [id, patch] of [['ukraine.temporary-protection', { validUntil: '2026-03-31' }], ['work.permit', { reviewed: '2025-01-15' }]] as const) {
    const cur = svc.runtime.kb.get(id).entry;
    await svc.runtime.kb.save({ id: 'x', name: 'Eva Dvořáková' }, { ...cur, ...patch }, { id });
  }
  // One edit, so that the entry has a history.
  const e = svc.runtime.kb.get('czech.courses').entry;
  const uk = e.translations.uk;
  if (uk) await svc.runtime.kb.save({ id: 'x', name: 'Eva Dvořáková' }, { ...e, translations: { ...e.translations, uk: { ...uk, answer: uk.answer.replace(/\n\n/, '\n\nНові курси для початківців починаються щомісяця.\n\n') } } }, { id: 'czech.courses' });
  await shoot(browser, svc);
} finally {
  await browser.close();
  await svc.close();
}
process.stdout.write(`screenshots in ${OUT}/\n`);
