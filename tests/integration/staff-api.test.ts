import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitorTopic, type WebchatEvent } from '../../adapters/webchat/webchat-channel.js';
import type { TranscriptMessage } from '../../src/core/conversation.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { PASSWORD, addStaff, loginAs } from '../support/staff.js';
import { say, texts } from '../support/webchat-client.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  await addStaff(svc.runtime, 'olena@example.org', 'staff', { languages: ['uk', 'ru', 'cs'], teams: ['legal'], name: 'Olena' });
  await addStaff(svc.runtime, 'petr@example.org', 'staff', { languages: ['cs'], teams: ['czech'], name: 'Petr' });
  await addStaff(svc.runtime, 'editor@example.org', 'editor');
  await addStaff(svc.runtime, 'admin@example.org', 'admin', { languages: ['cs', 'en'] });
  await addStaff(svc.runtime, 'locked@example.org', 'staff');
});
afterAll(async () => {
  await svc.close();
});

async function escalatedVisitor(visitor: string, summary: string, language: 'uk' | 'vi' = 'uk'): Promise<string> {
  await say(svc.app, visitor, { text: language === 'uk' ? 'хочу поговорити з людиною' : 'tôi muốn nói chuyện với người thật' });
  await say(svc.app, visitor, { postback: 'intake:res:protection' });
  await say(svc.app, visitor, { text: summary });
  return `webchat:${visitor}`;
}

const ROUTES: [string, string][] = [
  ['GET', '/api/staff/conversations?status=waiting'],
  ['GET', '/api/staff/conversations/webchat:x'],
  ['POST', '/api/staff/conversations/webchat:x/claim'],
  ['POST', '/api/staff/conversations/webchat:x/messages'],
  ['POST', '/api/staff/conversations/webchat:x/notes'],
  ['POST', '/api/staff/conversations/webchat:x/close'],
  ['POST', '/api/staff/conversations/webchat:x/transfer'],
  ['GET', '/api/staff/events'],
  ['GET', '/api/staff/kb?q=visa&lang=uk'],
];

describe('staff API: who may do what', () => {
  it('refuses every staff route without a session', async () => {
    for (const [method, url] of ROUTES) {
      const res = await svc.app.inject({ method: method as 'GET' | 'POST', url, ...(method === 'POST' ? { payload: { text: 'x' } } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    const forged = await svc.app.inject({ method: 'GET', url: '/api/staff/conversations', headers: { cookie: 'cz_staff=forged-session-id' } });
    expect(forged.statusCode).toBe(401);
  });

  it('refuses the inbox to editors', async () => {
    const editor = await loginAs(svc.app, 'editor@example.org');
    for (const [method, url] of ROUTES) {
      const res = method === 'GET' ? await editor.get(url) : await editor.post(url, { text: 'x' });
      expect(res.status, `${method} ${url}`).toBe(403);
    }
  });

  it('refuses a state change without the CSRF token', async () => {
    const olena = await loginAs(svc.app, 'olena@example.org');
    const res = await svc.app.inject({ method: 'POST', url: '/api/staff/conversations/webchat:x/claim', headers: { cookie: `cz_staff=${olena.cookie}` } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ message: 'missing or wrong CSRF token' });
  });

  it('sets an httpOnly SameSite=Strict cookie and never returns the password hash', async () => {
    const res = await svc.app.inject({ method: 'POST', url: '/api/staff/session', payload: { email: 'OLENA@example.org', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toMatch(/HttpOnly/);
    expect(res.headers['set-cookie']).toMatch(/SameSite=Strict/);
    expect(res.body).not.toContain('scrypt');
    expect(res.json()).toMatchObject({ staff: { email: 'olena@example.org', role: 'staff' } });
  });

  it('answers a wrong password like an unknown e-mail, and locks an account after repeated failures', async () => {
    const wrong = await svc.app.inject({ method: 'POST', url: '/api/staff/session', payload: { email: 'locked@example.org', password: 'nope' } });
    const unknown = await svc.app.inject({ method: 'POST', url: '/api/staff/session', payload: { email: 'ghost@example.org', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    for (let i = 0; i < 4; i++) await svc.app.inject({ method: 'POST', url: '/api/staff/session', payload: { email: 'locked@example.org', password: 'nope' } });
    const right = await svc.app.inject({ method: 'POST', url: '/api/staff/session', payload: { email: 'locked@example.org', password: PASSWORD } });
    expect(right.statusCode).toBe(429);
    const events = await svc.runtime.store.audit.list({ limit: 50 });
    expect(events.some((e) => e.action === 'login-failed')).toBe(true);
  });

  it('keeps another team out of a conversation', async () => {
    const id = await escalatedVisitor(`team-${process.pid}`, 'Мені відмовили в продовженні візи, що робити?');
    expect((await svc.runtime.store.conversations.get(id))?.team).toBe('legal');
    const petr = await loginAs(svc.app, 'petr@example.org');
    expect((await petr.post(`/api/staff/conversations/${id}/claim`)).status).toBe(403);
    expect((await petr.get(`/api/staff/conversations/${id}`)).status).toBe(403);
    const list = (await petr.get('/api/staff/conversations?status=waiting')).body.conversations as { id: string }[];
    expect(list.map((c) => c.id)).not.toContain(id);
  });
});

describe('staff API: a conversation from handoff to close', () => {
  it('lists, claims, replies on the user channel, notes, closes, and the bot answers again', async () => {
    const visitor = `flow-${process.pid}`;
    const received: WebchatEvent[] = [];
    const unsubscribe = await svc.runtime.bus.subscribe(visitorTopic(visitor), (e) => received.push(e as WebchatEvent));
    const id = await escalatedVisitor(visitor, 'Мені відмовили в продовженні, <img src=x onerror=alert(1)>');
    const olena = await loginAs(svc.app, 'olena@example.org');

    const waiting = (await olena.get('/api/staff/conversations?status=waiting')).body.conversations as Record<string, unknown>[];
    const item = waiting.find((c) => c.id === id);
    expect(item).toMatchObject({ channel: 'webchat', lang: 'uk', status: 'waiting', team: 'legal', interpreter: false, intake: { residence: 'protection', language: 'uk' } });
    expect(typeof item?.waitingSeconds).toBe('number');

    expect((await olena.post(`/api/staff/conversations/${id}/claim`)).body).toMatchObject({ conversation: { status: 'assigned' } });
    const reply = await olena.post(`/api/staff/conversations/${id}/messages`, { text: 'Добрий день, я вам допоможу.' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ message: { role: 'staff', author: 'Olena', delivery: { status: 'sent' } } });
    expect(received.some((e) => e.from === 'staff' && e.content.type === 'text' && e.content.text === 'Добрий день, я вам допоможу.')).toBe(true);

    expect((await olena.post(`/api/staff/conversations/${id}/notes`, { text: 'internal: check the decision date' })).status).toBe(200);
    const history = (await svc.app.inject({ url: `/api/webchat/history?visitor=${visitor}` })).json() as { messages: { text: string }[] };
    expect(history.messages.map((m) => m.text)).not.toContain('internal: check the decision date');

    const view = await olena.get(`/api/staff/conversations/${id}`);
    const messages = view.body.messages as TranscriptMessage[];
    expect(messages.map((m) => m.role)).toEqual(expect.arrayContaining(['user', 'bot', 'staff', 'note']));
    expect(messages.find((m) => m.role === 'user' && m.text.includes('<img'))?.text).toContain('<img src=x onerror=alert(1)>');

    // While staff own it, the bot stays quiet.
    expect((await say(svc.app, visitor, { text: 'Як продовжити візу?' })).replies).toEqual([]);

    expect((await olena.post(`/api/staff/conversations/${id}/close`)).body).toMatchObject({ conversation: { status: 'closed' } });
    const after = await say(svc.app, visitor, { text: 'Як отримати постійне проживання в Чехії? Скільки років треба прожити?' });
    expect(after.replies.length).toBeGreaterThan(0);
    expect(texts(after.replies)).toMatch(/[іїє]/);
    expect((await svc.runtime.store.conversations.get(id))?.status).toBe('bot');

    const audit = (await svc.runtime.store.audit.list({ target: id })).map((e) => e.action);
    expect(audit).toEqual(['close', 'note', 'reply', 'claim']);
    await unsubscribe();
  });

  it('shows a failed delivery with its reason', async () => {
    const id = await escalatedVisitor(`unreach-${process.pid}`, 'Мені відмовили в продовженні візи');
    const c = await svc.runtime.store.conversations.get(id);
    if (!c) throw new Error('no conversation');
    await svc.runtime.store.conversations.save({ ...c, unreachable: { reason: 'blocked the bot', at: new Date().toISOString() } });
    const olena = await loginAs(svc.app, 'olena@example.org');
    await olena.post(`/api/staff/conversations/${id}/claim`);
    const reply = await olena.post(`/api/staff/conversations/${id}/messages`, { text: 'Dobrý den' });
    expect(reply.body).toMatchObject({ message: { delivery: { status: 'failed', error: expect.stringContaining('blocked the bot') } } });
  });

  it('flags a conversation in a language nobody on the team speaks', async () => {
    const id = await escalatedVisitor(`vi-${process.pid}`, 'em bị từ chối gia hạn visa, phải kháng cáo thế nào', 'vi');
    const c = await svc.runtime.store.conversations.get(id);
    // Nobody on any team speaks Vietnamese here, so whichever team the sentence routes to, it is flagged.
    expect(c).toMatchObject({ lang: 'vi', status: 'waiting', interpreter: true });
  });

  it('finds knowledge-base answers in the user language to insert', async () => {
    const olena = await loginAs(svc.app, 'olena@example.org');
    const res = await olena.get(`/api/staff/kb?q=${encodeURIComponent('trvalý pobyt')}&lang=uk`);
    const results = res.body.results as { entry: string; answer: string }[];
    expect(results[0]?.entry).toBe('residence.permanent');
    expect(results[0]?.answer).toMatch(/[іїє]/);
  });

  it('streams a new waiting conversation to the inbox as a server-sent event', async () => {
    const olena = await loginAs(svc.app, 'olena@example.org');
    await svc.app.listen({ port: 0, host: '127.0.0.1' });
    const address = svc.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const ctrl = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/staff/events`, { headers: { cookie: `cz_staff=${olena.cookie}` }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body?.getReader();
    const id = await escalatedVisitor(`sse-${process.pid}`, 'Мені відмовили в продовженні візи');
    let seen = '';
    const wanted = `"id":"${id}","status":"waiting"`;
    while (!seen.includes(wanted) && reader) {
      const chunk = await reader.read();
      if (chunk.done) break;
      seen += new TextDecoder().decode(chunk.value);
    }
    ctrl.abort();
    expect(seen).toContain(wanted);
  });
});
