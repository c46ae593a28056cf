import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { ServerEvent } from '../../adapters/webchat/protocol.js';
import type { Content } from '../../src/core/message.js';
import { createTranslator } from '../../src/i18n.js';
import { KnowledgeService } from '../../src/knowledge/knowledge-service.js';
import { startNodeServer, type NodeServer } from '../support/node-server.js';
import { redisBus } from '../../adapters/store-redis/redis-bus.js';
import { connectRedis, redisStore } from '../../adapters/store-redis/redis-store.js';
import { withLocalFallback } from '../../adapters/store-redis/fallback-bus.js';
import { ROOT, freePort } from '../support/processes.js';
import { uniquePrefix } from '../support/runtime.js';
import { texts } from '../support/webchat-client.js';

/** A redis-server of this test's own, so that stopping it disturbs nobody else. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  await vi.waitFor(
    async () => {
      const s = new Socket();
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.connect(port, '127.0.0.1', () => resolve());
      });
      s.destroy();
    },
    { timeout: 10_000, interval: 50 },
  );
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
}

let port: number;
let redis: ChildProcess;
let srv: NodeServer;
let tab: WebSocket | null = null;
const events: ServerEvent[] = [];

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis(port);
  srv = await startNodeServer({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: uniquePrefix('outage') });
}, 150_000);
afterAll(async () => {
  tab?.close();
  srv?.child.kill('SIGKILL');
  if (redis) await stopRedis(redis);
});

async function ask(visitor: string, text: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${srv.url}/api/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitor, text }) });
  const body = (await res.json()) as { replies?: Content[] };
  return { status: res.status, text: texts(body.replies ?? []) };
}

const readiness = async (): Promise<number> => (await fetch(`${srv.url}/readyz`)).status;

describe('when Redis goes away and comes back (a real service process and its own redis-server)', () => {
  it('answers from memory while Redis is down, says a person cannot be reached, and recovers by itself', { timeout: 90_000 }, async () => {
    const i18n = createTranslator(join(ROOT, 'locales'));
    const knowledge = await KnowledgeService.load(join(ROOT, 'knowledge-base'));
    const unavailable = i18n.t('en', 'handoff.unavailable');
    const course = knowledge.answer('czech.courses', 'en', new Date())?.text ?? 'missing';
    const QUESTION = 'How do I sign up for a free Czech course?';
    const PERSON = 'I want to talk to a real person please';

    // A tab connected while Redis is up keeps getting the bot's replies after it goes (the bus falls back to local delivery).
    tab = new WebSocket(`${srv.url.replace('http', 'ws')}/api/webchat/socket?visitor=outage-visitor-2`);
    tab.on('message', (data: unknown) => events.push(JSON.parse(String(data)) as ServerEvent));
    await vi.waitFor(() => expect(events.some((e) => e.type === 'ready')).toBe(true), { timeout: 10_000 });

    const before = await ask('outage-visitor-1', QUESTION);
    expect(before.text).toContain(course);

    await stopRedis(redis);
    expect(await readiness()).toBe(503);

    const during = await ask('outage-visitor-1', QUESTION);
    expect(during.status).toBe(200);
    expect(during.text).toContain(course);
    expect(during.text).not.toContain(unavailable);
    const person = await ask('outage-visitor-1', PERSON);
    expect(person.status).toBe(200);
    expect(person.text).toContain(unavailable);

    tab.send(JSON.stringify({ type: 'message', id: 'outage-1', text: QUESTION }));
    await vi.waitFor(() => expect(events.some((e) => e.type === 'message' && e.content.type === 'text' && e.content.text.includes(course))).toBe(true), { timeout: 10_000 });

    redis = await startRedis(port);
    await vi.waitFor(async () => expect(await readiness()).toBe(200), { timeout: 20_000, interval: 100 });
    // Redis came back empty (no persistence here): the bot hands over as usual, and keeps the conversation.
    const after = await ask('outage-visitor-3', PERSON);
    expect(after.status).toBe(200);
    expect(after.text).not.toContain(unavailable);
    const history = (await (await fetch(`${srv.url}/api/webchat/history?visitor=outage-visitor-3`)).json()) as { messages: { role: string }[] };
    expect(history.messages.map((m) => m.role)).toEqual(['user', 'bot']);
    expect(srv.child.exitCode).toBeNull();
  });

  it('closes the Redis store and bus while Redis is down (a SIGTERM during an outage must not hang)', async () => {
    const otherPort = await freePort();
    const other = await startRedis(otherPort);
    const client = await connectRedis(`redis://127.0.0.1:${otherPort}`);
    const store = redisStore(client, { prefix: uniquePrefix('outage-close') });
    const bus = withLocalFallback(await redisBus(client, 'x:'));
    await bus.subscribe('t', () => undefined);
    await stopRedis(other);
    await expect(store.ping()).rejects.toThrow();
    await bus.close();
    await store.close();
    expect(client.isOpen).toBe(false);
  });
});
