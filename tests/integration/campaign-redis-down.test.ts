import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { bullmqRunner } from '../../adapters/campaigns-bullmq/bullmq-runner.js';
import type { CampaignRunner, DeliverResult } from '../../src/campaigns/deps.js';
import { campaignConfig } from '../../src/campaigns/settings.js';
import { until } from '../support/campaigns.js';
import { exited, freePort } from '../support/processes.js';

/**
 * A dedicated redis-server (started and stopped here) under the BullMQ runner: while it is down
 * the process stays responsive and the queue says it cannot be changed; when it returns, the
 * runner rebuilds its queues and workers by itself and jobs run again.
 */
let redis: ChildProcess | null = null;
let port = 0;
const startRedis = async (): Promise<void> => {
  redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  const listening = (): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = createConnection(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  await until('redis-server to listen', listening, (ok) => ok);
};
const stopRedis = async (): Promise<void> => {
  if (!redis) return;
  redis.kill('SIGKILL');
  await exited(redis);
  redis = null;
};

afterAll(async () => {
  await stopRedis();
});

describe('the BullMQ runner when Redis goes away and comes back', () => {
  it('keeps the event loop free, refuses changes while down, and resumes by itself', async () => {
    port = await freePort();
    await startRedis();
    const begun: string[] = [];
    const warnings: string[] = [];
    const infos: string[] = [];
    const runner: CampaignRunner = await bullmqRunner({
      redisUrl: `redis://127.0.0.1:${port}`,
      prefix: 'down-test:',
      engine: { begin: async (id) => void begun.push(id), deliver: async (): Promise<DeliverResult> => ({ result: 'skipped' }) },
      settings: campaignConfig(() => undefined, []),
      log: { debug() {}, info: (_o, m) => void infos.push(m ?? ''), warn: (_o, m) => void warnings.push(m ?? ''), error() {} },
      channels: ['telegram', 'webchat'],
    });
    try {
      await runner.schedule('before', new Date());
      await until('the first start job', () => begun, (b) => b.includes('before'));

      await stopRedis();
      // Timers still fire: nothing spins on the dropped connection.
      let ticks = 0;
      const timer = setInterval(() => ticks++, 50);
      await until('timers to keep firing', () => ticks, (n) => n >= 10);
      clearInterval(timer);
      await until('the runner to notice', () => warnings, (w) => w.some((m) => m.includes('Redis is unreachable')));
      expect(warnings.filter((m) => m.includes('unreachable'))).toHaveLength(1);
      await expect(runner.schedule('while-down', new Date())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

      await startRedis();
      await until('the runner to resume', () => infos, (i) => i.some((m) => m.includes('Redis is back')), 20_000);
      await runner.schedule('after', new Date());
      await until('the start job after the outage', () => begun, (b) => b.includes('after'));
    } finally {
      await runner.close();
    }
  }, 60_000);
});
