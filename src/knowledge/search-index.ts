import { stem, tokens } from './normalize.js';

/**
 * An inverted index of word stems (and stem bigrams) with BM25 scoring. Retrieval touches only
 * the postings of the query's terms, so a question costs microseconds at any knowledge-base size
 * we ship. Unknown words are corrected against the index's own vocabulary through a trigram
 * index of the vocabulary (a typo costs one lookup, then it is cached).
 */
export interface IndexedField {
  text: string;
  weight: number;
}

export interface IndexedDoc {
  key: string;
  fields: IndexedField[];
  /**
   * Intent examples (out-of-scope, ...) are searched but do not count towards term rarity:
   * dozens of one-line examples would otherwise make "the" look rare.
   */
  background?: boolean;
}

export interface Hit {
  key: string;
  score: number;
}

export interface SearchResult {
  hits: Hit[];
  /** The best score the query could reach: its known and unknown terms at full weight. */
  ceiling: number;
  /** How many of the query's terms (after correction) the index knows. */
  known: number;
  terms: number;
}

const K1 = 1.2;
const B = 0.4;
const BIGRAM_WEIGHT = 0.6;
const CORRECTION_WEIGHT = 0.75;
const MIN_DICE = 0.62;

interface Posting {
  doc: number;
  tf: number;
}

/** Terms of a text: stems of its tokens and stem bigrams ("blue card" → "blue", "card", "blue_card"). */
export function termsOf(text: string): { unigrams: string[]; bigrams: string[] } {
  const stems = tokens(text)
    .filter((t) => t.length >= 2 || /\d/.test(t))
    .map(stem);
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < stems.length; i++) bigrams.push(`${stems[i]}_${stems[i + 1]}`);
  return { unigrams: stems, bigrams };
}

function trigramSet(term: string): Set<string> {
  const s = new Set<string>();
  const p = ` ${term} `;
  for (let i = 0; i + 3 <= p.length; i++) s.add(p.slice(i, i + 3));
  return s;
}

export class SearchIndex {
  private readonly keys: string[] = [];
  private readonly postings = new Map<string, Posting[]>();
  private readonly idf = new Map<string, number>();
  private readonly docLen: number[] = [];
  private avgLen = 1;
  private maxIdf = 1;
  private readonly vocabByTrigram = new Map<string, string[]>();
  private readonly corrections = new Map<string, string | null>();

  constructor(docs: IndexedDoc[]) {
    const df = new Map<string, number>();
    let counted = 0;
    let countedLen = 0;
    docs.forEach((doc, i) => {
      this.keys.push(doc.key);
      const tf = new Map<string, number>();
      let len = 0;
      for (const field of doc.fields) {
        const { unigrams, bigrams } = termsOf(field.text);
        for (const t of unigrams) tf.set(t, (tf.get(t) ?? 0) + field.weight);
        for (const t of bigrams) tf.set(t, (tf.get(t) ?? 0) + field.weight);
        len += unigrams.length * field.weight;
      }
      this.docLen.push(len);
      if (!doc.background) {
        counted++;
        countedLen += len;
        for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
      }
      for (const [term, count] of tf) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc: i, tf: count });
      }
    });
    const n = counted || 1;
    this.avgLen = countedLen / n || 1;
    for (const term of this.postings.keys()) {
      const d = df.get(term) ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      this.idf.set(term, idf);
      if (idf > this.maxIdf) this.maxIdf = idf;
      if (!term.includes('_') && term.length >= 4) {
        for (const g of trigramSet(term)) {
          let bucket = this.vocabByTrigram.get(g);
          if (!bucket) this.vocabByTrigram.set(g, (bucket = []));
          bucket.push(term);
        }
      }
    }
  }

  get size(): number {
    return this.keys.length;
  }

  search(text: string, limit = 5): SearchResult {
    const { unigrams } = termsOf(text);
    const weights = new Map<string, number>();
    let ceiling = 0;
    let known = 0;
    const add = (term: string, w: number): void => {
      weights.set(term, Math.max(weights.get(term) ?? 0, w));
    };
    const corrected: string[] = [];
    for (const t of unigrams) {
      if (this.idf.has(t)) {
        add(t, 1);
        corrected.push(t);
        known++;
        continue;
      }
      const fix = this.correct(t);
      corrected.push(fix ?? t);
      if (fix) {
        add(fix, CORRECTION_WEIGHT);
        known++;
      } else {
        // An unknown word still counts against the ceiling: a message about something we do not
        // cover should not look like a perfect match for the few words we do know.
        ceiling += this.maxIdf * 0.5;
      }
    }
    for (let i = 0; i + 1 < corrected.length; i++) {
      const bg = `${corrected[i]}_${corrected[i + 1]}`;
      if (this.idf.has(bg)) add(bg, BIGRAM_WEIGHT);
    }
    const scores = new Float64Array(this.keys.length);
    const touched: number[] = [];
    for (const [term, w] of weights) {
      const idf = this.idf.get(term) ?? 0;
      ceiling += idf * w;
      for (const p of this.postings.get(term) ?? []) {
        const norm = 1 - B + (B * (this.docLen[p.doc] ?? 0)) / this.avgLen;
        const s = (idf * w * (p.tf * (K1 + 1))) / (p.tf + K1 * norm) / (K1 + 1);
        if (scores[p.doc] === 0) touched.push(p.doc);
        scores[p.doc] = (scores[p.doc] ?? 0) + s;
      }
    }
    touched.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
    const hits = touched.slice(0, limit).map((d) => ({ key: this.keys[d] ?? '', score: scores[d] ?? 0 }));
    return { hits, ceiling, known, terms: unigrams.length };
  }

  /** Which query terms reached a document and what each added: the "why" behind a score. */
  explain(text: string, key: string): { term: string; score: number }[] {
    const doc = this.keys.indexOf(key);
    const out: { term: string; score: number }[] = [];
    const { unigrams } = termsOf(text);
    const seen = new Set<string>();
    const corrected = unigrams.map((t) => (this.idf.has(t) ? t : (this.correct(t) ?? t)));
    const terms = [...corrected, ...corrected.slice(1).map((t, i) => `${corrected[i]}_${t}`)];
    for (const term of terms) {
      if (seen.has(term)) continue;
      seen.add(term);
      const p = this.postings.get(term)?.find((x) => x.doc === doc);
      if (!p) continue;
      const norm = 1 - B + (B * (this.docLen[doc] ?? 0)) / this.avgLen;
      out.push({ term, score: Math.round(((this.idf.get(term) ?? 0) * (p.tf * (K1 + 1))) / (p.tf + K1 * norm) / (K1 + 1) * 1000) / 1000 });
    }
    return out.sort((a, b) => b.score - a.score);
  }

  /** The vocabulary term closest to an unknown one, or null when none is close enough. */
  private correct(term: string): string | null {
    if (term.length < 4 || /\d/.test(term)) return null;
    const cached = this.corrections.get(term);
    if (cached !== undefined) return cached;
    const grams = trigramSet(term);
    const shared = new Map<string, number>();
    for (const g of grams) for (const v of this.vocabByTrigram.get(g) ?? []) shared.set(v, (shared.get(v) ?? 0) + 1);
    let best: string | null = null;
    let bestDice = MIN_DICE;
    for (const [v, n] of shared) {
      const dice = (2 * n) / (grams.size + trigramSet(v).size);
      if (dice > bestDice || (dice === bestDice && best !== null && v.length < best.length)) {
        best = v;
        bestDice = dice;
      }
    }
    if (this.corrections.size > 20_000) this.corrections.clear();
    this.corrections.set(term, best);
    return best;
  }
}
