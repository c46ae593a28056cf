/**
 * `npm run bench:load`: web chat and Telegram-webhook traffic against one service instance (a real
 * process: SQLite, or Redis with --redis), beside a bare Fastify route measured in the same run.
 * A bounded load loop on loopback: `--concurrency` requests in flight for `--seconds` each, after a
 * warm-up. Prints requests a second and latency percentiles, and a Markdown table for the README.
 *
 *   npm run bench:load -- [--seconds 10] [--concurrency 16] [--redis]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectRedis } from '../adapters/store-redis/client.js';
import { percentile } from './stats.js';

const root = join(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' }, redis: { type: 'boolean', default: false } } });
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const TOKEN = '123456789:BENCH-token_for-the-load-run-0000';
const SECRET = 'bench-webhook-secret-0123456789abcdef';

function questions(): string[] {
  try {
    return readFileSync(join(root, '..', 'shared', 'eval', 'dev.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
  } catch {
    return ['How do I sign up for a free Czech course?', 'Jak získat trvalý pobyt?', 'Як продовжити візу?', 'Где находится центр?', 'Tôi cần bảo hiểm y tế'];
  }
}

/** The Bot API the service replies to: answers every call at once, counts sendMessage. */
async function botApi(): Promise<{ url: string; sent: () => number; close: () => Promise<void> }> {
  let sent = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const method = /\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1];
      if (method === 'sendMessage') sent++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result: method === 'sendMessage' ? { message_id: sent, date: 0, chat: { id: 1, type: 'private' } } : true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent: () => sent, close: () => new Promise((r) => server.close(() => r())) };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function start(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ; ) {
    if (child.exitCode !== null) throw new Error(`${script} exited: ${err}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { child, url };
    if (Date.now() > deadline) throw new Error(`${script} did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Result {
  name: string;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/** `concurrency` loops, each sending the next request as soon as its last one is answered. */
async function load(name: string, seconds: number, next: (i: number) => { url: string; body: unknown; headers?: Record<string, string> }): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const req = next(i++);
        const t0 = performance.now();
        try {
          const res = await fetch(req.url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers }, body: JSON.stringify(req.body) });
          await res.arrayBuffer();
          if (!res.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const round = (n: number): number => Math.round(n * 10) / 10;
  return { name, requests: latencies.length, errors, perSecond: Math.round(latencies.length / elapsed), p50: round(percentile(latencies, 0.5)), p99: round(percentile(latencies, 0.99)), max: round(Math.max(...latencies)) };
}

const qs = questions();
const api = await botApi();
const dataDir = mkdtempSync(join(tmpdir(), 'cz-load-'));
const store: Record<string, string> = args.redis ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: `czload:${process.pid}:` } : { DATA_DIR: dataDir };
const service = await start('src/server.ts', {
  ...store,
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  WEBCHAT_RATE_LIMIT: '0',
  WEBCHAT_IP_RATE_LIMIT: '0',
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_MODE: 'webhook',
  TELEGRAM_WEBHOOK_SECRET: SECRET,
  TELEGRAM_API_ROOT: api.url,
  // The bench measures the service, not Telegram's 30 a second (which the sender would wait for).
  TELEGRAM_RATE_PER_SECOND: '1000',
  PUBLIC_URL: 'https://assistant.example.org',
});
const bare = await start('bench/bare-server.ts', {});

const results: Result[] = [];
let update = 1_000_000;
try {
  const bareReq = (i: number) => ({ url: `${bare.url}/bare`, body: { visitor: `v${i % 200}`, text: qs[i % qs.length] } });
  const webchatReq = (i: number) => ({ url: `${service.url}/api/webchat/messages`, body: { visitor: `load-visitor-${String(i % 200).padStart(4, '0')}`, id: `m${i}`, text: qs[i % qs.length] } });
  const telegramReq = (i: number) => {
    const chat = 100_000 + (i % 200);
    const id = ++update;
    return {
      url: `${service.url}/webhooks/telegram`,
      headers: { 'x-telegram-bot-api-secret-token': SECRET },
      body: { update_id: id, message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'L', language_code: 'en' }, text: qs[id % qs.length] } },
    };
  };
  // Warm-up: JIT, the store's first pages, the sockets of the pool.
  for (const [name, req] of [['bare', bareReq], ['webchat', webchatReq], ['telegram', telegramReq]] as const) await load(`${name} warm-up`, 2, req);
  results.push(await load('bare Fastify route', SECONDS, bareReq));
  results.push(await load('web chat (POST /api/webchat/messages)', SECONDS, webchatReq));
  results.push(await load('Telegram webhook (POST /webhooks/telegram)', SECONDS, telegramReq));
} finally {
  const stopped = new Promise((r) => service.child.once('exit', r));
  service.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');
  await stopped;
  await api.close();
}
rmSync(dataDir, { recursive: true, force: true });
if (store.REDIS_URL) {
  // The run's keys go with it: a shared Redis keeps no bench conversations.
  const client = await connectRedis(store.REDIS_URL);
  for await (const keys of client.scanIterator({ MATCH: `${store.REDIS_PREFIX ?? ''}*`, COUNT: 1000 })) if (keys.length) await client.del(keys);
  await client.close();
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`node ${process.version}, ${cpus().length} × ${cpu}, load average ${loadavg()[0]?.toFixed(1)} at the end; store: ${args.redis ? 'Redis' : 'SQLite'}; ${CONCURRENCY} requests in flight, ${SECONDS} s each\n`);
console.log('| traffic | requests/s | p50 ms | p99 ms | max ms | errors |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) console.log(`| ${r.name} | ${r.perSecond} | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} of ${r.requests} |`);
console.log(`\nTelegram replies sent to the stand-in Bot API: ${api.sent()}`);
process.exit(0);
