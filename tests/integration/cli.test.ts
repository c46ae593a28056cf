import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, TSX, run } from '../support/processes.js';

const cli = (args: string[], input?: string) => run(TSX, ['src/cli.ts', ...args], input === undefined ? {} : { input });

describe('the command line', () => {
  it('match --jsonl decides every line of the public sample, one JSON line each', async () => {
    const sample = readFileSync(join(ROOT, '..', 'shared', 'eval', 'dev.jsonl'), 'utf8');
    const lines = sample.trim().split('\n');
    const res = await cli(['match', '--jsonl'], sample);
    expect(res.code).toBe(0);
    const out = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(lines.length);
    for (const [i, o] of out.entries()) {
      expect(Object.keys(o).sort()).toEqual(['action', 'candidates', 'entry', 'id', 'lang', 'score']);
      expect(o.id).toBe((JSON.parse(lines[i] ?? '{}') as { id: string }).id);
      expect(['answer', 'clarify', 'escalate', 'fallback', 'smalltalk']).toContain(o.action);
      expect(['cs', 'en', 'uk', 'ru', 'vi']).toContain(o.lang);
      if (o.action === 'clarify') expect((o.candidates as string[]).length).toBeGreaterThanOrEqual(2);
      if (o.action === 'answer') expect(typeof o.entry).toBe('string');
    }
  });

  it('match --jsonl reports a bad line and goes on', async () => {
    const res = await cli(['match', '--jsonl'], '{"id":"a","text":"Dobrý den"}\nnot json\n{"id":"c"}\n{"id":"d","text":"hello"}\n');
    expect(res.code).toBe(2);
    const out = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => o.id)).toEqual(['a', null, 'c', 'd']);
    expect(out[1]).toMatchObject({ error: 'not valid JSON', line: 2 });
    expect(out[2]).toHaveProperty('error');
    expect(out[3]).toMatchObject({ action: 'smalltalk', lang: 'en' });
  });

  it('kb check passes on the shipped knowledge base as of its review date', async () => {
    const res = await cli(['kb', 'check', '--date', '2026-11-26']);
    expect(res.stdout).toMatch(/52 entries: 0 errors/);
    expect(res.code).toBe(0);
  });

  it('explains its usage for an unknown command', async () => {
    const res = await cli(['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Usage: npm run --silent cli -- <command>');
  });
});
