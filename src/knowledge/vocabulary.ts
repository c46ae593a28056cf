/**
 * Finds the known term closest to an unknown one: a typo ("permanant"), a letter lost in
 * transliteration, or an ending the stemmer did not strip. Candidates come from a trigram index
 * of the vocabulary; the scan uses a reused counter array, so a new word costs a few thousand
 * increments (tens of microseconds), and the result is cached. variants() lists the known terms
 * that share a long beginning with a known one ("prodovzhit" and "prodovzhen…").
 */
export interface Correction {
  term: string;
  /** 0..1: how close; the caller weighs the corrected term by it. */
  similarity: number;
}

const MIN_SIMILARITY = 0.62;
/** A shared beginning this long (and most of the shorter word) makes two words one. */
const MIN_PREFIX = 5;
const CACHE_LIMIT = 20_000;
/** Trigrams shared by more terms than this say little about which term is meant. */
const MAX_BUCKET = 250;

function grams(term: string): string[] {
  const p = ` ${term} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= p.length; i++) out.push(p.slice(i, i + 3));
  return [...new Set(out)];
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export class Vocabulary {
  private readonly terms: string[];
  private readonly gramCount: Int32Array;
  private readonly byGram = new Map<string, number[]>();
  private readonly shared: Int32Array;
  private readonly touched: Int32Array;
  private readonly cache = new Map<string, Correction | null>();
  private readonly variantCache = new Map<string, Correction[]>();
  private readonly byPrefix = new Map<string, number[]>();

  constructor(terms: readonly string[]) {
    this.terms = terms.filter((t) => t.length >= 3 && !/\d/.test(t));
    this.gramCount = new Int32Array(this.terms.length);
    this.terms.forEach((t, i) => {
      const gs = grams(t);
      this.gramCount[i] = gs.length;
      for (const g of gs) {
        let bucket = this.byGram.get(g);
        if (!bucket) this.byGram.set(g, (bucket = []));
        bucket.push(i);
      }
    });
    this.terms.forEach((t, i) => {
      if (t.length < MIN_PREFIX) return;
      const k = t.slice(0, MIN_PREFIX);
      let b = this.byPrefix.get(k);
      if (!b) this.byPrefix.set(k, (b = []));
      b.push(i);
    });
    this.shared = new Int32Array(this.terms.length);
    this.touched = new Int32Array(this.terms.length);
  }

  /** Known terms that differ from a known term only in an ending the stemmer left ("prodovzhit"/"prodovzhen"). */
  variants(term: string): Correction[] {
    if (term.length < MIN_PREFIX) return [];
    const cached = this.variantCache.get(term);
    if (cached) return cached;
    const out: Correction[] = [];
    for (const i of this.byPrefix.get(term.slice(0, MIN_PREFIX)) ?? []) {
      const v = this.terms[i] ?? '';
      if (v === term) continue;
      const cp = commonPrefix(term, v);
      if (cp >= Math.max(MIN_PREFIX, Math.min(term.length, v.length) - 2)) out.push({ term: v, similarity: cp / Math.max(term.length, v.length) });
    }
    this.variantCache.set(term, out);
    return out;
  }

  correct(term: string): Correction | null {
    if (term.length < 4 || /\d/.test(term)) return null;
    const cached = this.cache.get(term);
    if (cached !== undefined) return cached;
    const result = this.scan(term);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(term, result);
    return result;
  }

  private scan(term: string): Correction | null {
    const gs = grams(term);
    let n = 0;
    for (const g of gs) {
      const bucket = this.byGram.get(g);
      if (!bucket || bucket.length > MAX_BUCKET) continue;
      for (const i of bucket) {
        if (this.shared[i] === 0) this.touched[n++] = i;
        this.shared[i] = (this.shared[i] ?? 0) + 1;
      }
    }
    let best: Correction | null = null;
    for (let k = 0; k < n; k++) {
      const i = this.touched[k] ?? 0;
      const common = this.shared[i] ?? 0;
      this.shared[i] = 0;
      // Neither a Dice of 0.62 nor a shared five-letter beginning is possible with fewer.
      if (common < 3) continue;
      const v = this.terms[i] ?? '';
      const dice = (2 * common) / (gs.length + (this.gramCount[i] ?? 0));
      const cp = commonPrefix(term, v);
      const prefix = cp >= MIN_PREFIX && cp >= Math.min(term.length, v.length) - 2 ? cp / Math.max(term.length, v.length) + 0.1 : 0;
      const sim = Math.min(1, Math.max(dice, prefix));
      if (sim < MIN_SIMILARITY) continue;
      if (!best || sim > best.similarity || (sim === best.similarity && v.length < best.term.length)) best = { term: v, similarity: sim };
    }
    return best;
  }
}
