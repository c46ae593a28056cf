import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.js';
import type { KbEntry } from '../../src/core/knowledge.js';
import { ROOT, TSX, run } from '../support/processes.js';
import { startTestService } from '../support/runtime.js';

/** kb export / kb import through the real command line, on a temporary store. */
const tmp = mkdtempSync(join(tmpdir(), 'cz-kb-cli-'));
const dataDir = join(tmp, 'data');
const env = { NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
const cli = (args: string[]) => run(TSX, ['src/cli.ts', 'kb', ...args], { env });
const shipped = join(ROOT, 'knowledge-base');

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function head(): Promise<number> {
  const store = openSqliteStore(join(dataDir, 'assistant.sqlite'));
  try {
    return await store.kbRevisions.head();
  } finally {
    await store.close();
  }
}

// Each command is a fresh process (tsx compiling the command line): minutes, not the default 30 s, under a loaded machine.
describe('kb import and kb export', { timeout: 180_000 }, () => {
  const edited = join(tmp, 'edited');
  const marker = 'Змінено у файлі для перевірки.';

  it('import --dry-run lists what would change and saves nothing; import saves it as revisions', async () => {
    cpSync(shipped, edited, { recursive: true });
    const file = join(edited, 'czech.courses.yaml');
    const entry = parse(readFileSync(file, 'utf8')) as KbEntry;
    const uk = entry.translations.uk;
    if (!uk) throw new Error('fixture');
    writeFileSync(file, stringify({ ...entry, translations: { ...entry.translations, uk: { ...uk, answer: `${uk.answer}\n\n${marker}` } } }, { lineWidth: 0 }));
    writeFileSync(
      join(edited, 'centre.bicycles.yaml'),
      stringify({ id: 'centre.bicycles', topic: 'centre', escalate: false, reviewed: '2026-11-20', validUntil: null, sources: [{ url: 'https://www.cizincijmk.cz/', title: 'Centrum' }], translations: { en: { title: 'Bicycles', questions: ['Where do I park my bike?'], keywords: ['bike'], answer: 'There is a bike rack by the entrance.' } } }),
    );
    const dry = await cli(['import', '--dry-run', edited]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('~ czech.courses: uk: answer');
    expect(dry.stdout).toContain('+ centre.bicycles (new)');
    expect(dry.stdout).toMatch(/1 new, 1 changed, \d+ unchanged \(dry run: nothing saved\)/);
    expect(await head()).toBe(0);

    const real = await cli(['import', edited]);
    expect(real.stdout).toContain('imported 2 revisions');
    expect(real.code).toBe(0);
    expect(await head()).toBe(2);
    expect((await cli(['import', edited])).stdout).toContain('0 new, 0 changed');
  });

  it('export writes the current state as knowledge-base files, only those that differ', async () => {
    const out = join(tmp, 'export');
    cpSync(shipped, out, { recursive: true });
    const res = await cli(['export', out]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('wrote czech.courses.yaml');
    expect(res.stdout).toContain('wrote centre.bicycles.yaml');
    expect(res.stdout).toMatch(/^2 written, 0 removed, \d+ unchanged \(revision 2\)$/m);
    const exported = parse(readFileSync(join(out, 'czech.courses.yaml'), 'utf8')) as KbEntry;
    expect(exported.translations.uk?.answer).toContain(marker);
    expect(Object.keys(exported)).toEqual(['id', 'topic', 'escalate', 'reviewed', 'validUntil', 'sources', 'translations']);
    // Untouched entries keep their files byte for byte.
    expect(readFileSync(join(out, 'health.insurance.yaml'), 'utf8')).toBe(readFileSync(join(shipped, 'health.insurance.yaml'), 'utf8'));
    expect((await cli(['export', out])).stdout).toMatch(/^0 written/m);
    expect(readdirSync(out).filter((f) => f.endsWith('.yaml')).length).toBe(readdirSync(shipped).filter((f) => f.endsWith('.yaml')).length + 1);
  });

  it('the service starts with the imported revisions over the shipped files', async () => {
    const svc = await startTestService({ DATA_DIR: dataDir });
    try {
      expect(svc.runtime.knowledge.answer('czech.courses', 'uk', new Date())?.text).toContain(marker);
      expect(svc.runtime.knowledge.entry('centre.bicycles')).toBeDefined();
    } finally {
      await svc.close();
    }
  });

  it('refuses to import invalid files, naming each problem', async () => {
    const bad = join(tmp, 'bad');
    cpSync(join(shipped, 'intents'), join(bad, 'intents'), { recursive: true });
    writeFileSync(join(bad, 'czech.broken.yaml'), stringify({ id: 'czech.broken', topic: 'work', escalate: false, reviewed: '2026-11-20', validUntil: null, sources: [{ url: 'https://www.example.org/', title: 'x' }], translations: { cs: { title: 'x', questions: ['Otázka?'], keywords: [], answer: 'Odpověď, která je dost dlouhá.' } } }));
    writeFileSync(join(bad, 'czech.short.yaml'), stringify({ id: 'czech.short', topic: 'czech', escalate: false, reviewed: 'soon', validUntil: null, sources: [], translations: {} }));
    const res = await cli(['import', bad]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('invalid  czech.broken.yaml: topic: must be "czech"');
    expect(res.stdout).toContain('invalid  czech.short.yaml: reviewed');
    expect(res.stdout).toContain('nothing imported');
    expect(await head()).toBe(2);
  });
});
