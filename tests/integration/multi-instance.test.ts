import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { connectRedis } from '../../adapters/store-redis/redis-store.js';
import type { ServerEvent } from '../../adapters/webchat/protocol.js';
import { pushUpdate, startBotApiStub, telegramEnv, textUpdate, type BotApiStub } from '../support/bot-api-stub.js';
import { startNodeServer, type NodeServer } from '../support/node-server.js';
import { TSX, run } from '../support/processes.js';
import { REDIS_URL, uniquePrefix } from '../support/runtime.js';

/**
 * Two real service processes sharing one redis-server, as behind the compose file's proxy: every
 * request may land on either. (Campaigns across instances are covered with the campaigns.)
 */
const prefix = uniquePrefix('multi');
const PASSWORD = 'a long passphrase for the multi-instance test';
let stub: BotApiStub;
let a: NodeServer;
let b: NodeServer;

beforeAll(async () => {
  stub = await startBotApiStub();
  const env = { REDIS_URL, REDIS_PREFIX: prefix, ...telegramEnv(stub) };
  [a, b] = await Promise.all([startNodeServer(env), startNodeServer(env)]);
  const added = await run(TSX, ['src/cli.ts', 'staff', 'add', '--email', 'jana@example.org', '--name', 'Jana', '--role', 'staff', '--languages', 'cs,en,uk', '--password-stdin'], {
    env: { REDIS_URL, REDIS_PREFIX: prefix },
    input: `${PASSWORD}\n`,
  });
  if (added.code !== 0) throw new Error(`staff add failed: ${added.stderr}`);
}, 300_000);

afterAll(async () => {
  a?.child.kill('SIGKILL');
  b?.child.kill('SIGKILL');
  await stub?.close();
  const client = await connectRedis(REDIS_URL);
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await client.del(keys);
  await client.close();
});

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function login(base: string): Promise<{ headers: Record<string, string> }> {
  const res = await post(base, '/api/staff/session', { email: 'jana@example.org', password: PASSWORD });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrf } = (await res.json()) as { csrf: string };
  return { headers: { cookie, 'x-csrf-token': csrf } };
}

describe('two instances, one Redis', () => {
  it('handles a Telegram update delivered to both instances once', { timeout: 60_000 }, async () => {
    const chats = [7101, 7102, 7103, 7104, 7105];
    const questions = ['How do I sign up for a free Czech course?', 'hello', 'How do I get permanent residence?', 'thank you', 'Where is the Centre?'];
    let updateId = 500_000;
    for (const [i, chat] of chats.entries()) {
      const update = textUpdate(++updateId, chat, questions[i] ?? 'hello');
      // Telegram redelivers after a timeout; a proxy may retry on the other instance: both at once here.
      const [ra, rb] = await Promise.all([pushUpdate(a.url, update), pushUpdate(b.url, update)]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
    }
    // Each webhook answers after its turn: by now every reply has been sent.
    for (const chat of chats) expect(stub.sentTo(chat), `chat ${chat}`).toHaveLength(1);
  });

  it('keeps a web chat visitor\'s conversation on either instance, and a staff reply sent from the other reaches the visitor\'s socket live', { timeout: 60_000 }, async () => {
    const visitor = 'multi-visitor-1';
    const events: ServerEvent[] = [];
    const socket = new WebSocket(`${a.url.replace('http', 'ws')}/api/webchat/socket?visitor=${visitor}`);
    try {
      socket.on('message', (data: unknown) => events.push(JSON.parse(String(data)) as ServerEvent));
      await vi.waitFor(() => expect(events.some((e) => e.type === 'ready')).toBe(true), { timeout: 10_000 });

      // The staff inbox on B hears of the handoff that happens on A.
      const staffB = await login(b.url);
      const stream = await fetch(`${b.url}/api/staff/events`, { headers: staffB.headers });
      expect(stream.status).toBe(200);
      const reader = stream.body?.getReader();
      let heard = '';
      const listening = (async () => {
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) return;
          heard += Buffer.from(chunk.value).toString('utf8');
        }
      })().catch(() => undefined);

      expect((await post(a.url, '/api/webchat/messages', { visitor, text: 'I want to talk to a real person please' })).status).toBe(200);
      expect((await post(b.url, '/api/webchat/messages', { visitor, postback: 'intake:skip' })).status).toBe(200);
      await vi.waitFor(() => expect(heard).toContain(`"id":"webchat:${visitor}","status":"waiting"`), { timeout: 10_000 });
      await reader?.cancel();
      await listening;

      // The conversation is the same on both.
      const historyA = (await (await fetch(`${a.url}/api/webchat/history?visitor=${visitor}`)).json()) as { status: string; messages: unknown[] };
      const historyB = (await (await fetch(`${b.url}/api/webchat/history?visitor=${visitor}`)).json()) as { status: string; messages: unknown[] };
      expect(historyA).toEqual(historyB);
      expect(historyB.status).toBe('waiting');

      // A staff session made on B works on A too.
      const id = encodeURIComponent(`webchat:${visitor}`);
      expect((await post(a.url, `/api/staff/conversations/${id}/claim`, {}, staffB.headers)).status).toBe(200);
      const reply = 'Dobrý den, tady Jana z Centra. Jak vám mohu pomoci?';
      expect((await post(b.url, `/api/staff/conversations/${id}/messages`, { text: reply }, staffB.headers)).status).toBe(200);
      await vi.waitFor(
        () => expect(events.some((e) => e.type === 'message' && e.from === 'staff' && e.content.type === 'text' && e.content.text === reply)).toBe(true),
        { timeout: 10_000 },
      );
    } finally {
      socket.close();
    }
  });
});
