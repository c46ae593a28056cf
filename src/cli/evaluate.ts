import { readFile } from 'node:fs/promises';
import type { Decision } from '../core/knowledge.js';
import { LANGS, isLang, type Lang } from '../core/language.js';
import type { KnowledgeService } from '../knowledge/knowledge-service.js';

/**
 * `eval FILE`: accuracy of the decisions on labelled questions. A line's "expect" is an entry id,
 * or one of out-of-scope | human | greeting. Its "lang" is compared with the detected language
 * and is NOT given to the matcher, so the figures measure detection too.
 */
export interface EvalCase {
  id: string;
  text: string;
  lang: Lang;
  expect: string;
}

interface Ratio {
  hit: number;
  of: number;
}

export interface EvalReport {
  cases: number;
  top1: Ratio;
  top1ByLang: Record<Lang, Ratio>;
  answerOrClarify: Ratio;
  confidentlyWrong: Ratio;
  outOfScopeFallback: Ratio;
  human: Ratio;
  greeting: Ratio;
  language: Ratio;
  p99Micros: number;
  misses: { id: string; expect: string; action: string; entry: string | null; candidates: string[]; lang: string }[];
}

export const TARGETS = {
  top1: 0.85,
  top1PerLang: 0.75,
  confidentlyWrongMax: 0.06,
  outOfScopeFallback: 0.85,
  human: 0.95,
  greeting: 0.9,
  language: 0.9,
};


export async function readCases(file: string): Promise<EvalCase[]> {
  const text = await readFile(file, 'utf8');
  const cases: EvalCase[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const o = JSON.parse(line) as Record<string, unknown>;
    if (typeof o.id !== 'string' || typeof o.text !== 'string' || !isLang(o.lang) || typeof o.expect !== 'string') {
      throw new Error(`${file}:${i + 1}: each line needs id, text, lang (cs|en|uk|ru|vi) and expect`);
    }
    cases.push({ id: o.id, text: o.text, lang: o.lang, expect: o.expect });
  });
  return cases;
}

const r = (): Ratio => ({ hit: 0, of: 0 });

export function evaluate(knowledge: KnowledgeService, cases: EvalCase[]): EvalReport {
  const rep: EvalReport = {
    cases: cases.length,
    top1: r(),
    top1ByLang: { cs: r(), en: r(), uk: r(), ru: r(), vi: r() },
    answerOrClarify: r(),
    confidentlyWrong: r(),
    outOfScopeFallback: r(),
    human: r(),
    greeting: r(),
    language: r(),
    p99Micros: 0,
    misses: [],
  };
  const times: number[] = [];
  for (const c of cases) {
    const t0 = process.hrtime.bigint();
    const d: Decision = knowledge.decide(c.text);
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
    rep.language.of++;
    if (d.lang === c.lang) rep.language.hit++;
    let ok: boolean;
    if (c.expect === 'out-of-scope') {
      rep.outOfScopeFallback.of++;
      ok = d.action === 'fallback';
      if (ok) rep.outOfScopeFallback.hit++;
      rep.confidentlyWrong.of++;
      if (d.action === 'answer' || (d.action === 'escalate' && d.entry)) rep.confidentlyWrong.hit++;
    } else if (c.expect === 'human') {
      rep.human.of++;
      ok = d.action === 'escalate';
      if (ok) rep.human.hit++;
    } else if (c.expect === 'greeting') {
      rep.greeting.of++;
      ok = d.action === 'smalltalk';
      if (ok) rep.greeting.hit++;
    } else {
      const byLang = rep.top1ByLang[c.lang];
      rep.top1.of++;
      byLang.of++;
      ok = d.entry === c.expect && (d.action === 'answer' || d.action === 'escalate');
      if (ok) {
        rep.top1.hit++;
        byLang.hit++;
      }
      rep.answerOrClarify.of++;
      if (ok || (d.action === 'clarify' && d.candidates.some((x) => x.entry === c.expect))) rep.answerOrClarify.hit++;
      rep.confidentlyWrong.of++;
      if ((d.action === 'answer' || d.action === 'escalate') && d.entry !== null && d.entry !== c.expect) rep.confidentlyWrong.hit++;
    }
    if (!ok || d.lang !== c.lang) {
      rep.misses.push({ id: c.id, expect: c.expect, action: d.action, entry: d.entry, candidates: d.candidates.map((x) => x.entry), lang: `${d.lang}${d.lang === c.lang ? '' : `≠${c.lang}`}` });
    }
  }
  times.sort((a, b) => a - b);
  rep.p99Micros = Math.round(times[Math.min(times.length - 1, Math.floor(times.length * 0.99))] ?? 0);
  return rep;
}

const pct = (x: Ratio): string => (x.of === 0 ? '   n/a' : `${((100 * x.hit) / x.of).toFixed(1).padStart(5)}%`);
const frac = (x: Ratio): number => (x.of === 0 ? 1 : x.hit / x.of);

export function formatReport(rep: EvalReport, verbose: boolean): string {
  const line = (name: string, x: Ratio, target: string, pass: boolean): string =>
    `${name.padEnd(30)} ${pct(x)}  (${x.hit}/${x.of})`.padEnd(56) + `target ${target.padEnd(7)} ${pass ? 'ok' : 'BELOW'}`;
  const out: string[] = [];
  if (verbose) {
    for (const m of rep.misses) out.push(`miss ${m.id}: expected ${m.expect}, got ${m.action} ${m.entry ?? ''} [${m.candidates.join(', ')}] lang ${m.lang}`);
    out.push('');
  }
  out.push(`cases: ${rep.cases}`);
  out.push(line('top-1 accuracy', rep.top1, '≥85%', frac(rep.top1) >= TARGETS.top1));
  for (const l of LANGS) out.push(line(`  top-1 ${l}`, rep.top1ByLang[l], '≥75%', frac(rep.top1ByLang[l]) >= TARGETS.top1PerLang));
  out.push(line('answer-or-clarify', rep.answerOrClarify, '-', true));
  out.push(line('confidently wrong', rep.confidentlyWrong, '≤6%', frac(rep.confidentlyWrong) <= TARGETS.confidentlyWrongMax || rep.confidentlyWrong.of === 0));
  out.push(line('out-of-scope fallback', rep.outOfScopeFallback, '≥85%', frac(rep.outOfScopeFallback) >= TARGETS.outOfScopeFallback));
  out.push(line('requests for a person', rep.human, '≥95%', frac(rep.human) >= TARGETS.human));
  out.push(line('greetings (smalltalk)', rep.greeting, '≥90%', frac(rep.greeting) >= TARGETS.greeting));
  out.push(line('language detection', rep.language, '≥90%', frac(rep.language) >= TARGETS.language));
  out.push(`decision time p99: ${rep.p99Micros} µs`);
  return out.join('\n');
}

export function meetsTargets(rep: EvalReport): boolean {
  return (
    frac(rep.top1) >= TARGETS.top1 &&
    LANGS.every((l) => frac(rep.top1ByLang[l]) >= TARGETS.top1PerLang) &&
    (rep.confidentlyWrong.of === 0 || frac(rep.confidentlyWrong) <= TARGETS.confidentlyWrongMax) &&
    frac(rep.outOfScopeFallback) >= TARGETS.outOfScopeFallback &&
    frac(rep.human) >= TARGETS.human &&
    frac(rep.greeting) >= TARGETS.greeting &&
    frac(rep.language) >= TARGETS.language
  );
}

