/**
 * How fast the sending job goes when the channel is not the limit: N web chat subscribers (the
 * web chat channel publishes on the in-process or Redis bus, so the figure is the job's own cost:
 * claim, send, record), embedded (SQLite) and BullMQ (Redis); then how closely a rate is kept.
 * Run: npx tsx bench/campaigns.ts [N]   (Redis at TEST_REDIS_URL or redis://127.0.0.1:6379)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRedis } from '../adapters/store-redis/client.js';
import { loadConfig } from '../src/config.js';
import type { Subscription } from '../src/core/campaigns.js';
import type { StaffUser } from '../src/core/staff.js';
import { createRuntime, type Runtime } from '../src/runtime.js';

const N = Number(process.argv[2] ?? 2000);
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const editor: StaffUser = { id: 'bench', email: 'bench@example.org', name: 'Bench', role: 'editor', languages: [], teams: [], passwordHash: '', failedLogins: 0, lockedUntil: null, createdAt: '' };

async function seed(rt: Runtime, n: number): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const user = `bench-visitor-${i}`;
    const s: Subscription = { channel: 'webchat', user, address: { channel: 'webchat', thread: user, user }, topics: ['events'], lang: i % 2 ? 'uk' : 'cs', createdAt: at, updatedAt: at };
    await rt.store.subscriptions.save(s);
  }
}

async function run(label: string, env: Record<string, string>, n: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cz-bench-campaigns-'));
  const rt = await createRuntime(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, CAMPAIGN_POLL_MS: '20', ...env }), silent);
  try {
    await seed(rt, n);
    const a = await rt.campaigns.create(editor, { name: 'bench', texts: { cs: 'Den otevřených dveří v sobotu.', uk: 'День відкритих дверей у суботу.' }, topics: ['events'] });
    const t0 = performance.now();
    await rt.campaigns.schedule(editor, a.id, null);
    let started = 0;
    for (;;) {
      const x = await rt.store.announcements.get(a.id);
      if (!started && x?.startedAt) started = performance.now();
      if (x?.finishedAt) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const t1 = performance.now();
    const view = await rt.campaigns.view(a.id);
    const secs = (t1 - t0) / 1000;
    process.stdout.write(`${label.padEnd(34)} ${String(n).padStart(6)} recipients  ${secs.toFixed(2).padStart(6)} s  ${(n / secs).toFixed(0).padStart(6)} /s  (start ${((started - t0) / 1000).toFixed(2)} s, sent ${view.counts.sent})\n`);
  } finally {
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const prefix = `czbench:${process.pid}:`;
await run('embedded (SQLite), no rate limit', { CAMPAIGN_RATE_WEBCHAT: '10000' }, N);
await run('BullMQ (Redis), no rate limit', { REDIS_URL: REDIS, REDIS_PREFIX: prefix, CAMPAIGN_RATE_WEBCHAT: '10000' }, N);
await run('embedded, CAMPAIGN_RATE_WEBCHAT=50', { CAMPAIGN_RATE_WEBCHAT: '50' }, 200);
await run('BullMQ, CAMPAIGN_RATE_WEBCHAT=50', { REDIS_URL: REDIS, REDIS_PREFIX: `${prefix}r:`, CAMPAIGN_RATE_WEBCHAT: '50' }, 200);
const client = await connectRedis(REDIS);
for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length) await client.del(keys);
await client.quit();
