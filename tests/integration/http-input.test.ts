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

const post = (payload: string | Buffer, contentType = 'application/json') =>
  svc.app.inject({ method: 'POST', url: '/api/webchat/messages', payload, headers: { 'content-type': contentType } });

describe('bad input gets a clear answer and never breaks a conversation', () => {
  it('refuses malformed JSON with 400 and a code', async () => {
    const res = await post('{"visitor": "abcdefgh1", "text": ');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_INPUT' });
  });

  it('refuses an oversized body with 413', async () => {
    const res = await post(JSON.stringify({ visitor: 'abcdefgh2', text: 'x'.repeat(200_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('refuses missing or wrong fields with 400, naming the field', async () => {
    const noVisitor = await post(JSON.stringify({ text: 'hi' }));
    expect(noVisitor.statusCode).toBe(400);
    expect(noVisitor.body).toContain('visitor');
    const both = await post(JSON.stringify({ visitor: 'abcdefgh3', text: 'hi', postback: 'help' }));
    expect(both.statusCode).toBe(400);
    const badVisitor = await post(JSON.stringify({ visitor: '../../etc/passwd', text: 'hi' }));
    expect(badVisitor.statusCode).toBe(400);
  });

  it('refuses an unsupported content type', async () => {
    const res = await post('visitor=abc', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(415);
  });

  it('answers a 10,000-character message, reading its beginning and saying so', async () => {
    const r = await say(svc.app, 'abcdefgh4', { text: `How do I get permanent residence? ${'I have a question. '.repeat(600)}` });
    expect(r.status).toBe(200);
    expect(texts(r.replies)).toContain('read only its beginning');
    const stored = await svc.runtime.store.conversations.messages('webchat:abcdefgh4');
    expect(Array.from(stored[0]?.text ?? '').length).toBeLessThanOrEqual(svc.config.maxMessageLength);
  });

  it('strips control characters and answers', async () => {
    const r = await say(svc.app, 'abcdefgh5', { text: 'Jak\u0000 získat\u0007 trvalý\u202e pobyt?\u200b' });
    expect(r.status).toBe(200);
    const stored = await svc.runtime.store.conversations.messages('webchat:abcdefgh5');
    expect(stored[0]?.text).toBe('Jak získat trvalý pobyt?');
  });

  it('answers a message of only control characters politely', async () => {
    const r = await say(svc.app, 'abcdefgh6', { text: '\u0000\u0001\u0002' });
    expect(r.status).toBe(200);
    expect(r.replies).toHaveLength(1);
  });

  it('survives invalid UTF-8 bytes', async () => {
    const body = Buffer.concat([Buffer.from('{"visitor":"abcdefgh7","text":"ahoj '), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]);
    const res = await post(body);
    expect([200, 400]).toContain(res.statusCode);
    const again = await say(svc.app, 'abcdefgh7', { text: 'Dobrý den' });
    expect(again.status).toBe(200);
    expect(again.replies.length).toBeGreaterThan(0);
  });

  it('keeps emoji, lone surrogates out, and right-to-left text', async () => {
    const r = await say(svc.app, 'abcdefgh8', { text: '👋🏽 مرحبا، أريد تعلم التشيكية \ud800' });
    expect(r.status).toBe(200);
    const stored = await svc.runtime.store.conversations.messages('webchat:abcdefgh8');
    expect(stored[0]?.text).toBe('👋🏽 مرحبا، أريد تعلم التشيكية');
  });

  it('answers 404 with a code for unknown routes, and health and readiness', async () => {
    expect((await svc.app.inject({ url: '/nope' })).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await svc.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await svc.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { store: 'ok (sqlite)' } });
  });
});
