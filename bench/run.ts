/**
 * `npm run bench`: figures for the README. Turns per second through the pipeline with the
 * embedded store and with Redis, and the matcher's time per question on synthetic knowledge
 * bases of 100, 1,000 and 10,000 entries. Single process, so one core does the work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { benchMatcher } from './matcher.js';
import { benchPipeline } from './pipeline.js';

const root = join(import.meta.dirname, '..');
const sample = join(root, '..', 'shared', 'eval', 'dev.jsonl');
const kb = await loadKnowledgeBase(join(root, 'knowledge-base'));
// The public sample's questions if present; otherwise the knowledge base's own.
let questions: string[];
try {
  questions = readFileSync(sample, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
} catch {
  questions = kb.entries.flatMap((e) => e.translations.en?.questions.slice(0, 2) ?? []);
}

console.log(`node ${process.version}, ${questions.length} questions\n`);
console.log('Matcher (one decision: language, intents, retrieval, decision)');
console.log('entries  build ms  p50 µs  p99 µs  max µs');
for (const size of [100, 1000, 10000]) {
  const f = benchMatcher(kb.entries, kb.intents, size, questions);
  console.log(`${String(f.entries).padStart(7)}  ${String(f.buildMs).padStart(8)}  ${String(f.p50Micros).padStart(6)}  ${String(f.p99Micros).padStart(6)}  ${String(f.maxMicros).padStart(6)}`);
}

console.log('\nPipeline (dedupe, lock, load, decide, save, send), 2,000 turns, 20 conversations at a time');
console.log('store    turns/s  p50 ms  p99 ms');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const stores: Record<string, string>[] = [{}, { REDIS_URL: redisUrl, REDIS_PREFIX: `czbench:${process.pid}:` }];
for (const env of stores) {
  try {
    const f = await benchPipeline(env, questions, 2000, 20);
    console.log(`${f.store.padEnd(7)}  ${String(f.turnsPerSecond).padStart(7)}  ${String(f.p50Ms).padStart(6)}  ${String(f.p99Ms).padStart(6)}`);
  } catch (e) {
    console.log(`${'REDIS_URL' in env ? 'redis' : 'sqlite'}: not measured (${e instanceof Error ? e.message : String(e)})`);
  }
}
process.exit(0);
