import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import type { Log } from '../src/core/ports.js';
import { createRuntime } from '../src/runtime.js';
import { percentile } from './stats.js';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

export interface PipelineFigures {
  store: string;
  turns: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Turns through the whole pipeline (dedupe, lock, load, decide, save, send to the web chat
 * channel) with a real store, `concurrency` conversations at a time.
 */
export async function benchPipeline(env: Record<string, string>, questions: string[], turns: number, concurrency: number): Promise<PipelineFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cz-bench-'));
  const runtime = await createRuntime(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env }), quiet);
  const times: number[] = [];
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    while (next < turns) {
      const i = next++;
      const t = performance.now();
      await runtime.pipeline.handle({
        id: `bench-${process.pid}-${i}`,
        address: { channel: 'webchat', thread: `bench-${w}-${i % 50}`, user: `bench-${w}-${i % 50}` },
        content: { type: 'text', text: questions[i % questions.length] ?? 'hello' },
        at: new Date(),
      });
      times.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - t0) / 1000;
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    store: runtime.store.kind,
    turns,
    turnsPerSecond: Math.round(turns / seconds),
    p50Ms: Math.round(percentile(times, 0.5) * 100) / 100,
    p99Ms: Math.round(percentile(times, 0.99) * 100) / 100,
  };
}
