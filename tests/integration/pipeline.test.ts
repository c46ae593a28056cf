import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/runtime.js';
import { say, texts } from '../support/webchat-client.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

let n = 0;
const visitor = (): string => `visitor-${process.pid}-${++n}`;

describe('one pipeline, through the web chat entry point', () => {
  it('answers a question in the language it was asked, and records why', async () => {
    const v = visitor();
    const r = await say(svc.app, v, { text: 'Як отримати постійне проживання в Чехії? Скільки років треба прожити?' });
    expect(r.status).toBe(200);
    expect(r.replies[0]?.type).toBe('text');
    expect(texts(r.replies)).toMatch(/[а-яіїєґ]{4,}/i);
    const messages = await svc.runtime.store.conversations.messages(`webchat:${v}`);
    expect(messages.map((m) => m.role)).toEqual(['user', 'bot']);
    expect(messages[1]).toMatchObject({ action: 'answer', entry: 'residence.permanent', delivery: { status: 'sent' } });
    expect(messages[1]?.score).toBeGreaterThan(0);
    expect((await svc.runtime.store.conversations.get(`webchat:${v}`))?.lang).toBe('uk');
  });

  it('handles the same inbound message id once', async () => {
    const v = visitor();
    const first = await say(svc.app, v, { text: 'Dobrý den', id: 'same-id-1' });
    const again = await say(svc.app, v, { text: 'Dobrý den', id: 'same-id-1' });
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, replies: [] });
    expect(await svc.runtime.store.conversations.messages(`webchat:${v}`)).toHaveLength(2);
  });

  it('greets back on small talk in every language', async () => {
    for (const [text, expected] of [['Dobrý den', 'S čím vám mohu pomoci'], ['дякую!', 'Будь ласка'], ['cảm ơn nhiều', 'Không có gì'], ['спасибо', 'Пожалуйста'], ['hello', 'How can I help']] as const) {
      const r = await say(svc.app, visitor(), { text });
      expect(texts(r.replies)).toContain(expected);
    }
  });

  it('hands over on request, stays quiet while staff own it, and returns to the bot on /bot', async () => {
    const v = visitor();
    const r = await say(svc.app, v, { text: 'хочу поговорити з людиною' });
    expect(texts(r.replies)).toContain('Який у вас статус перебування');
    const id = `webchat:${v}`;
    expect((await svc.runtime.store.conversations.get(id))?.status).toBe('bot');
    const residence = await say(svc.app, v, { text: '3' });
    expect(texts(residence.replies)).toContain('одним реченням');
    const summary = await say(svc.app, v, { text: 'Мені відмовили в продовженні, пишіть на olena@example.org' });
    expect(texts(summary.replies)).toContain('Передаю вашу розмову');
    const waiting = await svc.runtime.store.conversations.get(id);
    expect(waiting).toMatchObject({ status: 'waiting', escalation: 'asked', team: 'legal' });
    expect(waiting?.intake).toMatchObject({ residence: 'protection', language: 'uk', contact: 'olena@example.org', skipped: false });
    const quiet = await say(svc.app, v, { text: 'Як продовжити візу?' });
    expect(quiet.replies).toEqual([]);
    const transcript = await svc.runtime.store.conversations.messages(id);
    expect(transcript.at(-1)).toMatchObject({ role: 'user', text: 'Як продовжити візу?' });
    const back = await say(svc.app, v, { text: '/bot' });
    expect(texts(back.replies)).toContain('знову спілкуєтеся з ботом');
    expect((await svc.runtime.store.conversations.get(id))?.status).toBe('bot');
  });

  it('hands over after two unanswered questions in a row', async () => {
    const v = visitor();
    const first = await say(svc.app, v, { text: 'please tell me about the zorblax quantum fizzbuzz' });
    expect(texts(first.replies)).toContain('did not find an answer');
    const second = await say(svc.app, v, { text: 'flibbertigibbet wumpus snarkle please' });
    expect(texts(second.replies)).toContain('passing your question to a person');
    const skipped = await say(svc.app, v, { postback: 'intake:skip' });
    expect(texts(skipped.replies)).toContain('I am passing your conversation to a person');
    const c = await svc.runtime.store.conversations.get(`webchat:${v}`);
    expect(c?.intake?.skipped).toBe(true);
    expect(c).toMatchObject({ status: 'waiting', escalation: 'misses' });
  });

  it('gives the emergency numbers first when a message shows a crisis', async () => {
    const v = visitor();
    const r = await say(svc.app, v, { text: 'my husband beats me and I am afraid to go home' });
    expect(r.replies[0]?.type === 'text' && r.replies[0].text).toContain('112');
    expect((await svc.runtime.store.conversations.get(`webchat:${v}`))?.status).toBe('waiting');
  });

  it('changes language on a button press and keeps it', async () => {
    const v = visitor();
    const r = await say(svc.app, v, { postback: 'lang:vi' });
    expect(texts(r.replies)).toContain('tiếng Việt');
    const next = await say(svc.app, v, { text: 'hello' });
    expect(texts(next.replies)).toContain('Xin chào');
  });

  it('lets a typed number pick an offered option on /start', async () => {
    const v = visitor();
    const start = await say(svc.app, v, { text: '/start', lang: 'en' });
    const choice = start.replies.at(-1);
    expect(choice?.type).toBe('choice');
    const picked = await say(svc.app, v, { text: '2' });
    const messages = await svc.runtime.store.conversations.messages(`webchat:${v}`);
    expect(messages.at(-1)?.entry).toBe('czech.courses');
    expect(picked.replies[0]?.type).toBe('text');
  });

  it('forgets a user only after confirmation', async () => {
    const v = visitor();
    await say(svc.app, v, { text: 'Jak získat trvalý pobyt?' });
    const ask = await say(svc.app, v, { text: '/forget' });
    expect(ask.replies[0]?.type).toBe('choice');
    const cancel = await say(svc.app, v, { postback: 'forget:no' });
    expect(texts(cancel.replies)).toContain('Nic nebylo smazáno');
    expect(await svc.runtime.store.conversations.get(`webchat:${v}`)).not.toBeNull();
    await say(svc.app, v, { text: '/forget' });
    const done = await say(svc.app, v, { text: 'ano' });
    expect(texts(done.replies)).toContain('údaje jsou smazané');
    expect(await svc.runtime.store.conversations.get(`webchat:${v}`)).toBeNull();
    expect(await svc.runtime.store.conversations.messages(`webchat:${v}`)).toEqual([]);
  });

  it('keeps every message when one conversation gets many at once', async () => {
    const v = visitor();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => say(svc.app, v, { text: '/help', id: `burst-${i}` })));
    expect(results.every((r) => r.status === 200 && r.replies.length === 1)).toBe(true);
    const messages = await svc.runtime.store.conversations.messages(`webchat:${v}`);
    expect(messages.filter((m) => m.role === 'user')).toHaveLength(20);
    expect(messages.filter((m) => m.role === 'bot')).toHaveLength(20);
    // One turn at a time: each user message is directly followed by its own reply.
    for (let i = 0; i < messages.length; i += 2) expect([messages[i]?.role, messages[i + 1]?.role]).toEqual(['user', 'bot']);
  });

  it('shows the history without internal notes', async () => {
    const v = visitor();
    await say(svc.app, v, { text: 'dobrý den' });
    await svc.runtime.store.conversations.appendMessage({ id: 'note-1', conversationId: `webchat:${v}`, role: 'note', text: 'internal', at: new Date().toISOString(), channel: 'webchat', lang: 'cs' });
    const res = await svc.app.inject({ url: `/api/webchat/history?visitor=${v}` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { messages: { role: string; text: string }[]; lang: string };
    expect(body.lang).toBe('cs');
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'bot']);
  });
});
