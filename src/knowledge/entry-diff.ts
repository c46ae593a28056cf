import type { KbEntry, Source, Translation } from '../core/knowledge.js';
import { LANGS } from '../core/language.js';
import { wordDiff, type DiffOp } from './text-diff.js';

/** One changed field of an entry, as the history shows it. */
export type FieldDiff =
  | { path: string; type: 'value'; before: string | null; after: string | null }
  | { path: string; type: 'text'; ops: DiffOp[] }
  | { path: string; type: 'list'; added: string[]; removed: string[] };

const TEXT_FIELDS = ['title', 'answer'] as const;
const LIST_FIELDS = ['questions', 'keywords'] as const;

const sourceKey = (s: Source): string => `${s.title} <${s.url}>`;

function listDiff(path: string, before: readonly string[], after: readonly string[]): FieldDiff | null {
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  if (added.length === 0 && removed.length === 0 && before.join('\n') === after.join('\n')) return null;
  return { path, type: 'list', added, removed };
}

function translationDiffs(lang: string, a: Translation | undefined, b: Translation | undefined): FieldDiff[] {
  const base = `translations.${lang}`;
  if (!a && !b) return [];
  if (!a || !b) return [{ path: base, type: 'value', before: a ? a.title : null, after: b ? b.title : null }];
  const out: FieldDiff[] = [];
  for (const f of TEXT_FIELDS) if (a[f] !== b[f]) out.push({ path: `${base}.${f}`, type: 'text', ops: wordDiff(a[f], b[f]) });
  for (const f of LIST_FIELDS) {
    const d = listDiff(`${base}.${f}`, a[f], b[f]);
    if (d) out.push(d);
  }
  if ((a.basedOn ?? null) !== (b.basedOn ?? null)) out.push({ path: `${base}.basedOn`, type: 'value', before: a.basedOn ?? null, after: b.basedOn ?? null });
  return out;
}

/** Everything that differs between two states of an entry (null: it did not exist). */
export function entryDiff(before: KbEntry | null, after: KbEntry | null): FieldDiff[] {
  if (!before || !after) return [{ path: '(entry)', type: 'value', before: before ? before.id : null, after: after ? after.id : null }];
  const out: FieldDiff[] = [];
  for (const f of ['topic', 'reviewed', 'validUntil', 'escalate'] as const) {
    const x = before[f] === null ? null : String(before[f]);
    const y = after[f] === null ? null : String(after[f]);
    if (x !== y) out.push({ path: f, type: 'value', before: x, after: y });
  }
  const sources = listDiff('sources', before.sources.map(sourceKey), after.sources.map(sourceKey));
  if (sources) out.push(sources);
  for (const l of LANGS) out.push(...translationDiffs(l, before.translations[l], after.translations[l]));
  return out;
}

/** A one-line account of a change, for the history list and the audit log. */
export function summarize(diffs: FieldDiff[]): string {
  if (diffs.length === 0) return 'no change';
  const entry = diffs.find((d) => d.path === '(entry)');
  if (entry && entry.type === 'value') return entry.before === null ? 'created' : 'removed';
  const general: string[] = [];
  const perLang = new Map<string, string[]>();
  for (const d of diffs) {
    const m = /^translations\.([a-z]{2})(?:\.(\w+))?$/.exec(d.path);
    const label = d.type === 'list' ? `${m?.[2] ?? d.path} ${[d.added.length ? `+${d.added.length}` : '', d.removed.length ? `−${d.removed.length}` : ''].filter(Boolean).join(' ') || 'reordered'}` : (m?.[2] ?? d.path);
    if (!m) {
      general.push(label);
      continue;
    }
    const lang = m[1] ?? '';
    const what = m[2] === undefined ? (d.type === 'value' && d.before === null ? 'added' : 'removed') : m[2] === 'basedOn' ? 'checked against Czech' : label;
    perLang.set(lang, [...(perLang.get(lang) ?? []), what]);
  }
  return [...[...perLang].map(([lang, parts]) => `${lang}: ${parts.join(', ')}`), ...general].join('; ');
}
