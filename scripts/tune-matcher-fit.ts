/** Logistic regression by gradient descent on standardised features, for scripts/tune-matcher.ts. */
import { FEATURE_NAMES, type Model } from '../src/knowledge/confidence.js';

export interface Row {
  x: number[];
  correct: boolean;
  outOfScope: boolean;
  offeredHit: boolean;
}

export function fitLogistic(rows: Row[], label: (r: Row) => boolean, weight: (r: Row) => number, l2 = 1e-3, iterations = 3000, rate = 0.5): Model {
  const d = FEATURE_NAMES.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of rows) r.x.forEach((v, j) => (mean[j] = (mean[j] ?? 0) + v / rows.length));
  for (const r of rows) r.x.forEach((v, j) => (sd[j] = (sd[j] ?? 0) + (v - (mean[j] ?? 0)) ** 2 / rows.length));
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j] ?? 0) || 1e-9;
  const z = rows.map((r) => r.x.map((v, j) => (v - (mean[j] ?? 0)) / (sd[j] ?? 1)));
  const y = rows.map((r) => (label(r) ? 1 : 0));
  const sw = rows.map(weight);
  const total = sw.reduce((a, b) => a + b, 0);
  let b = 0;
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    let gb = 0;
    const gw = new Array<number>(d).fill(0);
    z.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-(b + x.reduce((s, v, j) => s + v * (w[j] ?? 0), 0))));
      const e = (p - (y[i] ?? 0)) * (sw[i] ?? 1);
      gb += e;
      x.forEach((v, j) => (gw[j] = (gw[j] ?? 0) + e * v));
    });
    b -= (rate * gb) / total;
    for (let j = 0; j < d; j++) w[j] = (w[j] ?? 0) - rate * ((gw[j] ?? 0) / total + l2 * (w[j] ?? 0));
  }
  // Back to the raw feature scale, so that confidence.ts needs no means or deviations.
  const weights = {} as Model['weights'];
  let bias = b;
  FEATURE_NAMES.forEach((f, j) => {
    weights[f] = (w[j] ?? 0) / (sd[j] ?? 1);
    bias -= ((w[j] ?? 0) * (mean[j] ?? 0)) / (sd[j] ?? 1);
  });
  return { bias, weights };
}
