/**
 * Tuning aid for the matcher that never looks at the evaluation sample. A k-fold over the
 * knowledge base's own question variants: each fold's questions are removed from the index and
 * asked, degraded the way people type (no diacritics, Cyrillic typed in Latin letters by another
 * scheme than ours, typos, a story around the question); each fold's out-of-scope examples are
 * held out likewise. Parallel examples (the same topic in five languages) share an index, so a
 * held-out out-of-scope topic is new in every language.
 *
 *   npx tsx scripts/tune-matcher.ts          outcome of the current models and thresholds
 *   npx tsx scripts/tune-matcher.ts --fit    fit the two confidence models (printed as code for
 *                                            src/knowledge/confidence.ts) and try thresholds on
 *                                            the half of the cases the fit did not see
 */
import type { KbEntry } from '../src/core/knowledge.js';
import { LANGS, type Lang } from '../src/core/language.js';
import { FEATURE_NAMES, type Model } from '../src/knowledge/confidence.js';
import type { Intents } from '../src/knowledge/intents.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { DEFAULT_TUNING, Matcher, type MatcherTuning } from '../src/knowledge/matcher.js';
import { degrade, type Rand } from './tune-matcher-degrade.js';
import { fitLogistic, type Row } from './tune-matcher-fit.js';

const FOLDS = 5;
const SEEDS = [42, 7, 99];

interface Case {
  text: string;
  lang: Lang;
  expect: string;
}

function random(seed: number): Rand {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function fold(entries: KbEntry[], intents: Intents, k: number, rand: Rand): { entries: KbEntry[]; intents: Intents; cases: Case[] } {
  const cases: Case[] = [];
  const kept = entries.map((e) => {
    const translations: KbEntry['translations'] = {};
    for (const l of LANGS) {
      const t = e.translations[l];
      if (!t) continue;
      const keep = t.questions.filter((_, i) => i % FOLDS !== k);
      for (const q of t.questions.filter((_, i) => i % FOLDS === k)) cases.push({ text: degrade(q, l, rand), lang: l, expect: e.id });
      translations[l] = { ...t, questions: keep.length ? keep : t.questions.slice(0, 1) };
    }
    return { ...e, translations };
  });
  const oos = { ...intents.outOfScope };
  for (const l of LANGS) {
    oos[l] = intents.outOfScope[l].filter((_, i) => i % FOLDS !== k);
    for (const q of intents.outOfScope[l].filter((_, i) => i % FOLDS === k)) cases.push({ text: degrade(q, l, rand), lang: l, expect: 'out-of-scope' });
  }
  return { entries: kept, intents: { ...intents, outOfScope: oos }, cases };
}

interface Outcome {
  /** The first ranked entry is the expected one (whatever the decision), and among the first three. */
  rank1?: number;
  rank3?: number;
  top1: number;
  wrong: number;
  clarifyHit: number;
  oosFallback: number;
  lang: number;
  n: number;
  oos: number;
}

const pc = (x: number): string => `${(100 * x).toFixed(1)}%`;
const show = (o: Outcome): string =>
  `top-1 ${pc(o.top1)}  wrong ${pc(o.wrong)}  clarify-hit ${pc(o.clarifyHit)}  oos-fallback ${pc(o.oosFallback)}  language ${pc(o.lang)}` +
  (o.rank1 === undefined ? '' : `  ranked first ${pc(o.rank1)}, in first three ${pc(o.rank3 ?? 0)}`) +
  `  (n=${o.n}, oos=${o.oos})`;

/** Runs the real decide() over every fold (one seed): the figures the README reports. */
function evaluate(kb: { entries: KbEntry[]; intents: Intents }, tuning: MatcherTuning, seed: number): Outcome {
  let top = 0, wrong = 0, clar = 0, n = 0, oos = 0, oosOk = 0, lang = 0, r1 = 0, r3 = 0;
  const rand = random(seed);
  for (let k = 0; k < FOLDS; k++) {
    const f = fold(kb.entries, kb.intents, k, rand);
    const m = new Matcher(f.entries, f.intents, tuning);
    for (const c of f.cases) {
      const d = m.decide(c.text);
      if (d.lang === c.lang) lang++;
      const answered = (d.action === 'answer' || d.action === 'escalate') && d.entry !== null;
      if (c.expect === 'out-of-scope') {
        oos++;
        if (d.action === 'fallback') oosOk++;
        else if (answered) wrong++;
        continue;
      }
      n++;
      if (answered && d.entry === c.expect) top++;
      else if (answered) wrong++;
      else if (d.action === 'clarify' && d.candidates.some((x) => x.entry === c.expect)) clar++;
      const ranked = m.inspect(c.text).ranking.entries;
      if (ranked[0]?.id === c.expect) r1++;
      if (ranked.slice(0, 3).some((e) => e.id === c.expect)) r3++;
    }
  }
  return { top1: top / n, wrong: wrong / (n + oos), clarifyHit: clar / n, oosFallback: oosOk / oos, lang: lang / (n + oos), n, oos, rank1: r1 / n, rank3: r3 / n };
}

/** Features of every held-out case, with what a decision would need to know about it. */
function collect(kb: { entries: KbEntry[]; intents: Intents }): Row[] {
  const rows: Row[] = [];
  for (const seed of SEEDS) {
    const rand = random(seed);
    for (let k = 0; k < FOLDS; k++) {
      const f = fold(kb.entries, kb.intents, k, rand);
      const m = new Matcher(f.entries, f.intents);
      for (const c of f.cases) {
        const ins = m.inspect(c.text);
        const ranked = ins.ranking.entries;
        const best = ranked[0]?.score ?? 0;
        const offered = ranked.filter((e, i) => i < 2 || e.score >= best * DEFAULT_TUNING.offerRatio).slice(0, 3);
        rows.push({
          x: FEATURE_NAMES.map((name) => ins.features[name]),
          correct: ranked[0]?.id === c.expect,
          outOfScope: c.expect === 'out-of-scope',
          offeredHit: offered.some((e) => e.id === c.expect),
        });
      }
    }
  }
  return rows;
}

function printModel(name: string, m: Model): void {
  const w = FEATURE_NAMES.map((f) => `${f}: ${m.weights[f].toFixed(3)}`).join(', ');
  console.log(`export const ${name}: Model = {\n  bias: ${m.bias.toFixed(3)},\n  weights: { ${w} },\n};`);
}

const kb = await loadKnowledgeBase(new URL('../knowledge-base/', import.meta.url).pathname);
if (process.argv.includes('--fit')) {
  const rows = collect(kb);
  const train = rows.filter((_, i) => i % 2 === 0);
  const test = rows.filter((_, i) => i % 2 === 1);
  // Out-of-scope examples are few beside thousands of variants: they weigh more, so that the
  // models learn what an off-topic question looks like.
  const fitBoth = (data: Row[]): { answer: Model; scope: Model } => {
    const usable = data.filter((r) => (r.x[FEATURE_NAMES.indexOf('outOfScope')] ?? 0) < DEFAULT_TUNING.outOfScope);
    return {
      answer: fitLogistic(usable, (r) => r.correct, (r) => (r.outOfScope ? 3 : 1)),
      scope: fitLogistic(usable, (r) => !r.outOfScope, (r) => (r.outOfScope ? 6 : 1)),
    };
  };
  const half = fitBoth(train);
  for (const answer of [0.6, 0.7, 0.8]) {
    for (const clarify of [0.2, 0.3]) {
      for (const inScope of [0.5, 0.7, 0.85]) {
        const o = simulate(test, half.answer, half.scope, { ...DEFAULT_TUNING, answer, clarify, inScope });
        console.log(`answer ${answer} clarify ${clarify} inScope ${inScope}: ${show(o)}`);
      }
    }
  }
  const all = fitBoth(rows);
  printModel('ANSWER_MODEL', all.answer);
  printModel('SCOPE_MODEL', all.scope);
} else {
  console.log(`current models, ${JSON.stringify(DEFAULT_TUNING)}`);
  console.log(`k-fold: ${show(evaluate(kb, DEFAULT_TUNING, SEEDS[0] ?? 42))}`);
}

/** The decision rule of Matcher.decide() on collected rows, for trying thresholds quickly. */
function simulate(rows: Row[], answerModel: Model, scopeModel: Model, t: MatcherTuning): Outcome {
  const p = (m: Model, x: number[]): number => 1 / (1 + Math.exp(-(m.bias + FEATURE_NAMES.reduce((z, f, i) => z + m.weights[f] * (x[i] ?? 0), 0))));
  let top = 0, wrong = 0, clar = 0, n = 0, oos = 0, oosOk = 0;
  for (const r of rows) {
    const hard = (r.x[FEATURE_NAMES.indexOf('outOfScope')] ?? 0) >= t.outOfScope;
    const pa = p(answerModel, r.x);
    const answered = !hard && pa >= t.answer;
    const clarified = !hard && !answered && pa >= t.clarify && p(scopeModel, r.x) >= t.inScope;
    if (r.outOfScope) {
      oos++;
      if (!answered && !clarified) oosOk++;
      if (answered) wrong++;
      continue;
    }
    n++;
    if (answered && r.correct) top++;
    else if (answered) wrong++;
    else if (clarified && r.offeredHit) clar++;
  }
  return { top1: top / n, wrong: wrong / (n + oos), clarifyHit: clar / n, oosFallback: oosOk / oos, lang: 1, n, oos };
}
