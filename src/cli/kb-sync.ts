import { randomUUID } from 'node:crypto';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Config } from '../config.js';
import type { KbEntry } from '../core/knowledge.js';
import { LANGS } from '../core/language.js';
import type { Log } from '../core/ports.js';
import { InvalidEntryError, KbEditor } from '../knowledge/kb-editor.js';
import { loadKnowledgeBase } from '../knowledge/loader.js';
import { normalizeDates } from '../knowledge/schema.js';
import { openStore } from '../runtime.js';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };
const CLI = { id: 'cli', name: 'command line' };

/** The entry with its keys in the order of the files (knowledge-base/README.md), so that a diff shows content, not reordering. */
export function fileShape(e: KbEntry): Record<string, unknown> {
  const translations: Record<string, unknown> = {};
  for (const l of LANGS) {
    const t = e.translations[l];
    if (t) translations[l] = { title: t.title, questions: t.questions, keywords: t.keywords, answer: t.answer, ...(t.basedOn ? { basedOn: t.basedOn } : {}) };
  }
  return { id: e.id, topic: e.topic, escalate: e.escalate, reviewed: e.reviewed, validUntil: e.validUntil, sources: e.sources.map((s) => ({ url: s.url, title: s.title })), translations };
}

/** Key-order-independent JSON, to tell whether a file already says what the store says. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

async function onDisk(path: string): Promise<unknown> {
  try {
    return normalizeDates(parse(await readFile(path, 'utf8')));
  } catch {
    return undefined;
  }
}

async function withEditor<T>(config: Config, fn: (editor: KbEditor, audit: (action: string, details: Record<string, number>) => Promise<void>) => Promise<T>): Promise<T> {
  const { store, bus } = await openStore(config);
  try {
    // The bus tells running instances (through Redis) to reload; with SQLite they notice on their next check.
    const editor = await KbEditor.open({ kbDir: config.kbDir, store, bus, knowledge: null, log: quiet, clock: () => new Date(), reviewMaxAgeDays: config.insights.reviewMaxAgeDays });
    const audit = (action: string, details: Record<string, number>): Promise<void> => store.audit.append({ id: randomUUID(), at: new Date().toISOString(), actor: 'cli', action, target: null, details });
    try {
      return await fn(editor, audit);
    } finally {
      await editor.close();
    }
  } finally {
    await bus.close();
    await store.close();
  }
}

/**
 * `kb export [DIR]`: the current state (shipped files with editors' revisions over them) written
 * as knowledge-base files, for review in git. Only files whose content differs are written;
 * entries removed by an editor lose their file.
 */
export async function kbExport(config: Config, dir: string, out: (line: string) => void): Promise<number> {
  return withEditor(config, async (editor) => {
    let written = 0;
    let unchanged = 0;
    let removed = 0;
    for (const e of editor.entries()) {
      const path = join(dir, `${e.id}.yaml`);
      const shape = fileShape(e);
      if (canonical(await onDisk(path)) === canonical(shape)) {
        unchanged++;
        continue;
      }
      await writeFile(path, stringify(shape, { lineWidth: 0 }));
      out(`wrote ${e.id}.yaml`);
      written++;
    }
    for (const id of editor.removedIds()) {
      const done = await unlink(join(dir, `${id}.yaml`)).then(() => true, () => false);
      if (done) {
        out(`removed ${id}.yaml`);
        removed++;
      }
    }
    out(`${written} written, ${removed} removed, ${unchanged} unchanged (revision ${editor.head})`);
    return 0;
  });
}

/**
 * `kb import [--dry-run] [DIR]`: every file that differs from the current state becomes a
 * revision (as if an editor saved it), so that it reaches every instance and stays in the
 * history. Invalid files stop the import; --dry-run only lists what would change.
 */
export async function kbImport(config: Config, dir: string, dryRun: boolean, out: (line: string) => void): Promise<number> {
  const loaded = await loadKnowledgeBase(dir);
  const problems = loaded.problems.map((p) => `${p.file}: ${p.problem}`);
  for (const e of loaded.entries) {
    try {
      // The same rules as an editor's save.
      KbEditor.check(e);
    } catch (err) {
      if (err instanceof InvalidEntryError) problems.push(...err.problems.map((p) => `${e.id}.yaml: ${p}`));
      else throw err;
    }
  }
  for (const p of problems) out(`invalid  ${p}`);
  return withEditor(config, async (editor, audit) => {
    const plan = editor.planImport(loaded.entries);
    for (const id of plan.created) out(`+ ${id} (new)`);
    for (const c of plan.changed) out(`~ ${c.id}: ${c.summary}`);
    out(`${plan.created.length} new, ${plan.changed.length} changed, ${plan.unchanged} unchanged${dryRun ? ' (dry run: nothing saved)' : ''}`);
    if (problems.length > 0) {
      out(`${problems.length} problems: ${dryRun ? 'fix them before importing' : 'nothing imported'}`);
      return 1;
    }
    if (dryRun) return 0;
    const n = await editor.importEntries(CLI, loaded.entries);
    await audit('kb-import', { revisions: n });
    out(`imported ${n} revisions (now at revision ${editor.head})`);
    return 0;
  });
}
