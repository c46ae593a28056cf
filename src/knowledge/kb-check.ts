import type { KbEntry } from '../core/knowledge.js';
import { LANGS } from '../core/language.js';
import type { LoadedKb } from './loader.js';
import { Matcher } from './matcher.js';
import { tokens } from './normalize.js';
import { isExpired, staleLanguages } from './staleness.js';

export interface CheckFinding {
  level: 'error' | 'warning';
  entry: string;
  problem: string;
}

export interface CheckOptions {
  now: Date;
  /** Ids that must exist (the topic catalogue); missing ones are errors. */
  requiredIds?: string[];
  /** A review older than this many days is a warning. */
  reviewMaxAgeDays?: number;
}

const MD_LINK = /\[([^\]]*)\]\(([^)]*)\)/g;

/**
 * Everything `kb check` reports: schema problems (from loading), missing languages, sources and
 * dates, expired entries, stale translations, malformed links, and question variants that
 * collide between entries (the same question in two entries, or one the matcher gives to another).
 */
export function checkKnowledgeBase(kb: LoadedKb, opts: CheckOptions): CheckFinding[] {
  const findings: CheckFinding[] = kb.problems.map((p) => ({ level: 'error', entry: p.file, problem: p.problem }));
  const today = opts.now.toISOString().slice(0, 10);
  const maxAge = opts.reviewMaxAgeDays ?? 365;
  const ids = new Set(kb.entries.map((e) => e.id));
  for (const id of opts.requiredIds ?? []) if (!ids.has(id)) findings.push({ level: 'error', entry: id, problem: 'required topic has no entry' });

  for (const e of kb.entries) {
    const add = (level: CheckFinding['level'], problem: string): void => void findings.push({ level, entry: e.id, problem });
    if (e.topic !== e.id.split('.')[0]) add('error', `topic "${e.topic}" does not match the id`);
    for (const l of LANGS) if (!e.translations[l]) add('error', `missing language ${l}`);
    if (!isRealDate(e.reviewed)) add('error', `reviewed ${e.reviewed} is not a date`);
    else if (e.reviewed > today) add('error', `reviewed ${e.reviewed} is in the future`);
    else if (daysBetween(e.reviewed, today) > maxAge) add('warning', `last reviewed ${e.reviewed}, over ${maxAge} days ago`);
    if (e.validUntil !== null && !isRealDate(e.validUntil)) add('error', `validUntil ${e.validUntil} is not a date`);
    if (isExpired(e, opts.now)) add('error', `expired on ${e.validUntil}: review it and move validUntil, or remove it`);
    for (const s of e.sources) if (!isHttpsUrl(s.url)) add('error', `source is not an https URL: ${s.url}`);
    const stale = staleLanguages(e);
    if (stale.length > 0) add('error', `translations older than the Czech text: ${stale.join(', ')} (update them, then run "kb stamp ${e.id}")`);
    for (const l of LANGS) {
      const t = e.translations[l];
      if (!t) continue;
      if (t.questions.length < 3) add('warning', `${l}: only ${t.questions.length} question variants`);
      for (const m of t.answer.matchAll(MD_LINK)) {
        if (!isHttpsUrl(m[2] ?? '')) add('error', `${l}: malformed link "${m[0].slice(0, 80)}"`);
        else if (!e.sources.some((s) => sameDoc(s.url, m[2] ?? ''))) add('warning', `${l}: link to a site not among the sources: ${m[2]}`);
      }
      if (/<[a-z/][^>]*>/i.test(t.answer)) add('error', `${l}: answer contains HTML`);
      const brackets = t.answer.replace(MD_LINK, '');
      if (/\]\(|\[[^\]]*$/.test(brackets)) add('error', `${l}: broken Markdown link syntax`);
    }
  }
  findings.push(...collisions(kb));
  return findings;
}

function collisions(kb: LoadedKb): CheckFinding[] {
  const out: CheckFinding[] = [];
  const seen = new Map<string, string>();
  for (const e of kb.entries) {
    for (const l of LANGS) {
      for (const q of e.translations[l]?.questions ?? []) {
        const key = `${l}:${tokens(q).join(' ')}`;
        const other = seen.get(key);
        if (other && other !== e.id) out.push({ level: 'error', entry: e.id, problem: `${l} question "${q}" is also a question of ${other}` });
        seen.set(key, e.id);
      }
    }
  }
  const matcher = new Matcher(kb.entries, kb.intents);
  for (const e of kb.entries) {
    for (const l of LANGS) {
      for (const q of e.translations[l]?.questions ?? []) {
        const d = matcher.decide(q);
        if ((d.action === 'answer' || d.action === 'escalate') && d.entry !== null && d.entry !== e.id) {
          out.push({ level: 'warning', entry: e.id, problem: `${l} question "${q}" is answered by ${d.entry}` });
        }
      }
    }
  }
  return out;
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function daysBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / 86_400_000;
}

function isHttpsUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && u.hostname.includes('.') && !/\s/.test(s);
  } catch {
    return false;
  }
}

/** A link may point anywhere on a cited site (its home page is where people check for news). */
function sameDoc(source: string, link: string): boolean {
  const host = (u: string): string => new URL(u).hostname.replace(/^www\./, '');
  return host(source) === host(link);
}

export function formatFindings(findings: CheckFinding[], entries: KbEntry[]): string {
  const errors = findings.filter((f) => f.level === 'error');
  const warnings = findings.filter((f) => f.level === 'warning');
  const lines = [...errors, ...warnings].map((f) => `${f.level === 'error' ? 'ERROR' : 'warn '}  ${f.entry}: ${f.problem}`);
  lines.push(`${entries.length} entries: ${errors.length} errors, ${warnings.length} warnings`);
  return lines.join('\n');
}
