import type { Ranking } from './ranker.js';

/**
 * How sure a ranking is. Two small logistic models over properties of the ranking: one says how
 * likely its first entry is the right answer, the other how likely the question is about
 * something the knowledge base covers at all (so that an off-topic question falls back instead
 * of being offered "did you mean"). Their weights were fitted by `npx tsx scripts/tune-matcher.ts
 * --fit` on the knowledge base's own question variants held out fold by fold and degraded the way
 * people type, and on held-out out-of-scope examples; never on the evaluation sample.
 */
export interface Features {
  /** Best entry's BM25 score over what the question could reach. */
  coverage: number;
  /** 1 - runner-up / best: 0 is a tie, 1 a lone candidate. */
  lead: number;
  /** Share of the known content words the best entry matched. */
  matched: number;
  /** Share of the content mass the knowledge base does not know (typical of off-topic questions). */
  unknown: number;
  /** Character n-gram similarity of the best entry (0..1). */
  gram: number;
  /** Closest out-of-scope example over the best entry (0: none, ≥1: the example is closer). */
  outOfScope: number;
  /** log(1 + number of content words). */
  length: number;
  /** Best entry's n-gram similarity minus the runner-up's. */
  gramLead: number;
  /** coverage × lead: a high coverage means little when two entries share it. */
  sure: number;
}

export const FEATURE_NAMES = ['coverage', 'lead', 'matched', 'unknown', 'gram', 'outOfScope', 'length', 'gramLead', 'sure'] as const satisfies readonly (keyof Features)[];

export function features(r: Ranking): Features {
  const best = r.entries[0];
  const second = r.entries[1];
  const total = r.known + r.unknown;
  const coverage = best ? best.bm25 / r.ceiling : 0;
  const lead = best && best.score > 0 ? 1 - (second?.score ?? 0) / best.score : 0;
  return {
    coverage,
    lead,
    matched: r.matched,
    unknown: total > 0 ? r.unknown / total : 1,
    gram: best?.gram ?? 0,
    outOfScope: best && best.bm25 > 0 ? Math.min(2, r.outOfScope / best.bm25) : r.outOfScope > 0 ? 2 : 0,
    length: Math.log1p(r.query.contentWords.length),
    gramLead: (best?.gram ?? 0) - (second?.gram ?? 0),
    sure: coverage * lead,
  };
}

export interface Model {
  bias: number;
  weights: Record<keyof Features, number>;
}

/** P(the first entry is the right answer). Fitted by scripts/tune-matcher.ts --fit. */
export const ANSWER_MODEL: Model = {
  bias: -3.784,
  weights: { coverage: 1.475, lead: 0.138, matched: 0.168, unknown: -1.622, gram: 10.525, outOfScope: -1.546, length: 1.262, gramLead: -0.291, sure: 10.349 },
};

/** P(the question is about something the knowledge base covers). Fitted likewise. */
export const SCOPE_MODEL: Model = {
  bias: -5.241,
  weights: { coverage: 1.642, lead: -1.651, matched: 0.621, unknown: -2.460, gram: 38.185, outOfScope: -3.230, length: 2.398, gramLead: -19.163, sure: 6.177 },
};

export function probability(f: Features, model: Model): number {
  let z = model.bias;
  for (const k of FEATURE_NAMES) z += model.weights[k] * f[k];
  return 1 / (1 + Math.exp(-z));
}
