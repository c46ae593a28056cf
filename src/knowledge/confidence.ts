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
  bias: -3.845,
  weights: { coverage: 2.466, lead: 0.239, matched: -0.308, unknown: -1.310, gram: 10.833, outOfScope: -1.772, length: 1.266, gramLead: -2.120, sure: 9.585 },
};

/** P(the question is about something the knowledge base covers). Fitted likewise. */
export const SCOPE_MODEL: Model = {
  bias: -5.363,
  weights: { coverage: 1.884, lead: -1.785, matched: 0.406, unknown: -2.309, gram: 38.026, outOfScope: -3.380, length: 2.418, gramLead: -17.605, sure: 6.307 },
};

export function probability(f: Features, model: Model): number {
  let z = model.bias;
  for (const k of FEATURE_NAMES) z += model.weights[k] * f[k];
  return 1 / (1 + Math.exp(-z));
}
