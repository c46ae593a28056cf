import { describe, expect, it } from 'vitest';
import { bsearch, PairIds, PostingsBuilder } from '../../src/knowledge/postings.js';

describe('search index storage', () => {
  it('groups postings by term, documents in ascending order', () => {
    const b = new PostingsBuilder();
    // Documents are read in order; each adds its terms in any order.
    const input: [number, number, number][] = [[2, 0, 1], [0, 0, 3], [2, 1, 2], [1, 2, 1], [0, 2, 1], [2, 2, 5]];
    for (const [t, d, v] of input) b.add(t, d, v);
    const { offsets, docs, values } = b.build(4);
    expect([...offsets]).toEqual([0, 2, 3, 6, 6]);
    expect([...docs]).toEqual([0, 2, 2, 0, 1, 2]);
    expect([...values]).toEqual([3, 1, 1, 1, 2, 5]);
  });

  it('grows past its first buffer', () => {
    const b = new PostingsBuilder();
    for (let d = 0; d < 100_000; d++) b.add(d % 3, d, 1);
    const { offsets } = b.build(3);
    expect(offsets[3]).toBe(100_000);
  });

  it('maps integer pairs to ids through rehashing', () => {
    const p = new PairIds();
    for (let i = 0; i < 20_000; i++) p.set(i, i * 7 + 1, i);
    for (let i = 0; i < 20_000; i += 997) expect(p.get(i, i * 7 + 1)).toBe(i);
    expect(p.get(5, 5)).toBeUndefined();
    expect(p.get(1, 8)).toBe(1);
  });

  it('finds a document in a sorted list', () => {
    const a = Int32Array.from([1, 4, 9, 30]);
    expect(bsearch(a, 9)).toBe(2);
    expect(bsearch(a, 5)).toBe(-1);
    expect(bsearch(new Int32Array(0), 1)).toBe(-1);
  });
});
