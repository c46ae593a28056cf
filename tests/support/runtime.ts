import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/build.js';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/runtime.js';
import type { Log } from '../../src/core/ports.js';

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

export interface TestService {
  runtime: Runtime;
  app: FastifyInstance;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

/** A real runtime on a temporary SQLite file (or Redis when env.REDIS_URL is given), with the shipped knowledge base. */
export async function startTestService(env: Record<string, string> = {}, overrides: RuntimeOverrides = {}): Promise<TestService> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'cz-test-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env });
  const runtime = await createRuntime(config, silentLog, overrides);
  const app = await buildApp(runtime, { logger: false });
  await app.ready();
  return {
    runtime,
    app,
    config,
    dataDir,
    async close() {
      await app.close();
      await runtime.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(name: string): string {
  return `cztest:${name}:${process.pid}:${Date.now().toString(36)}:`;
}
