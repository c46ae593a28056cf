import { describe, expect, it } from 'vitest';
import { TopDocs, type WeightedPostings } from '../../src/knowledge/top-docs.js';

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function lists(rand: () => number, docs: number, terms: number): WeightedPostings[] {
  return Array.from({ length: terms }, () => {
    // Some terms are common (long lists), most are rare: the shape pruning relies on.
    const density = rand() < 0.3 ? 0.6 : 0.03;
    const ds: number[] = [];
    const share: number[] = [];
    for (let d = 0; d < docs; d++) if (rand() < density) (ds.push(d), share.push(0.05 + rand() * 0.9));
    return { postings: { docs: Int32Array.from(ds), share: Float32Array.from(share), max: Math.max(0, ...share) }, weight: 0.2 + rand() * 4 };
  });
}

function bruteForce(terms: WeightedPostings[], docs: number, background: Uint8Array, limit: number): { doc: number; score: number }[] {
  const scores = new Float64Array(docs);
  for (const t of terms) t.postings.docs.forEach((d, k) => (scores[d] = (scores[d] ?? 0) + t.weight * (t.postings.share[k] ?? 0)));
  return [...scores.keys()]
    .filter((d) => !background[d] && (scores[d] ?? 0) > 0)
    .map((d) => ({ doc: d, score: scores[d] ?? 0 }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

describe('TopDocs (pruned scoring)', () => {
  it('finds the same best documents and scores as summing every posting', () => {
    const rand = random(7);
    for (let round = 0; round < 150; round++) {
      const docs = 300 + Math.floor(rand() * 700);
      const background = Uint8Array.from({ length: docs }, () => (rand() < 0.05 ? 1 : 0));
      const top = new TopDocs(docs, background);
      const terms = lists(rand, docs, 2 + Math.floor(rand() * 14));
      const limit = 1 + Math.floor(rand() * 12);
      const expected = bruteForce(terms, docs, background, limit);
      const got = top.find(terms, limit).hits;
      expect(got.map((h) => h.score)).toEqual(expected.map((h) => expect.closeTo(h.score, 9)));
    }
  });

  it('reports the best background document and starts clean for the next question', () => {
    const background = Uint8Array.from([0, 1, 0]);
    const top = new TopDocs(3, background);
    const t: WeightedPostings = { postings: { docs: Int32Array.from([0, 1, 2]), share: Float32Array.from([0.2, 0.9, 0.5]), max: 0.9 }, weight: 1 };
    const first = top.find([t], 5);
    expect(first.background?.doc).toBe(1);
    expect(first.hits.map((h) => h.doc)).toEqual([2, 0]);
    expect(top.find([t], 5)).toEqual(first);
    expect(top.find([], 5)).toEqual({ hits: [], background: null });
  });
});
