import { stemsOf } from './normalize.js';
import { stemWord } from './stemmer.js';
import { stopwordStems, type Stopwords } from './stopwords.js';
import { bsearch, PairIds, PostingsBuilder, type PostingLists } from './postings.js';
import { TopDocs, type Postings } from './top-docs.js';
import { Vocabulary } from './vocabulary.js';

/**
 * An inverted index of word stems (and stem bigrams) with BM25 scoring. Retrieval touches only
 * the postings of the question's terms, and each posting carries its precomputed BM25 share, so
 * a question costs one multiply-add per posting at any knowledge-base size. Terms are numbered
 * (a bigram is a pair of numbers), which keeps building a large index cheap. Words the index does
 * not know are corrected against its vocabulary (typos, other endings; see vocabulary.ts).
 */
export interface IndexedField {
  /** The field's sentences as folded tokens (see sentencesOf). */
  sentences: readonly (readonly string[])[];
  weight: number;
  /** Vietnamese text is indexed by syllable, without suffix stripping. */
  vietnamese?: boolean;
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

export interface QueryTerm {
  id: number;
  /** The stem, or "a_b" for a bigram: for explaining a match. */
  term: string;
  /** 1 for a word the index knows, less for a correction, a variant, a bigram or context. */
  weight: number;
  idf: number;
  /** A stopword: searched with a small weight, never part of a bigram or of coverage. */
  stop: boolean;
  bigram: boolean;
  /** Known only from out-of-scope examples ("football", "weather"): no entry uses it. */
  foreign: boolean;
}

export interface PreparedQuery {
  terms: QueryTerm[];
  /** The question's words that are not stopwords (for n-gram similarity). */
  contentWords: string[];
  /** The question's content words the index does not know at all, as IDF mass. */
  unknownMass: number;
}

export interface Hit {
  doc: number;
  key: string;
  score: number;
}

// Chosen on the k-fold of scripts/tune-matcher.ts: a word an entry uses in several languages and
// phrasings counts more than the usual 1.2 allows, and long entries are normalised firmly.
const K1 = 2;
const B = 0.75;
const BIGRAM_WEIGHT = 0.6;
/** Other endings of a known word ("prodovzhit" for "prodovzhen…"), at this share. */
const VARIANT_WEIGHT = 0.3;
const DIGIT = /\d/;

export class SearchIndex {
  readonly keys: string[] = [];
  readonly background: boolean[] = [];
  readonly maxIdf: number;
  private readonly termIds = new Map<string, number>();
  /** Stems by term id; '' for a bigram, whose two words are in pairA/pairB. */
  private readonly names: string[] = [];
  private readonly pairs = new PairIds();
  private pairA = new Int32Array(1024).fill(-1);
  private pairB = new Int32Array(1024);
  private readonly lists: PostingLists;
  /** Per term, the largest BM25 share in its list. */
  private readonly maxShare: Float32Array;
  private readonly idf: Float64Array;
  /** Per term, whether any (non-background) entry uses it. */
  private readonly inEntries: Uint8Array;
  private readonly vocab: Vocabulary;
  private readonly top: TopDocs;
  private readonly stop: Stopwords = stopwordStems(stemsOf);

  /** Documents may come from a generator: each is tokenized, counted and let go. */
  constructor(docs: Iterable<IndexedDoc>) {
    const builder = new PostingsBuilder();
    const df: number[] = [];
    const lens: number[] = [];
    let acc = new Float64Array(1024);
    const seen: number[] = [];
    let counted = 0;
    let countedLen = 0;
    const count = (id: number, w: number): void => {
      if (id >= acc.length) {
        const bigger = new Float64Array(Math.max(acc.length * 2, id + 1));
        bigger.set(acc);
        acc = bigger;
      }
      if (acc[id] === 0) seen.push(id);
      acc[id] = (acc[id] ?? 0) + w;
    };
    for (const doc of docs) {
      const d = this.keys.length;
      this.keys.push(doc.key);
      this.background.push(doc.background === true);
      let len = 0;
      for (const field of doc.fields) {
        const stop = field.vietnamese ? this.stop.vietnamese : this.stop.other;
        // Sentences are separate: a bigram never spans "… pobyt. Karta …".
        for (const sentence of field.sentences) {
          let prev = -1;
          for (const t of sentence) {
            if (t.length < 2 && !DIGIT.test(t)) continue;
            const s = stemWord(t, field.vietnamese);
            const id = this.idOf(s);
            count(id, field.weight);
            len += field.weight;
            if (stop.has(s)) continue;
            if (prev >= 0) count(this.pairOf(prev, id), field.weight);
            prev = id;
          }
        }
      }
      lens.push(len);
      if (!doc.background) {
        counted++;
        countedLen += len;
      }
      for (const id of seen) {
        builder.add(id, d, acc[id] ?? 0);
        if (!doc.background) df[id] = (df[id] ?? 0) + 1;
        acc[id] = 0;
      }
      seen.length = 0;
    }
    const terms = this.names.length;
    const n = counted || 1;
    const avgLen = countedLen / n || 1;
    this.lists = builder.build(terms);
    this.maxShare = new Float32Array(terms);
    this.idf = new Float64Array(terms);
    this.inEntries = Uint8Array.from({ length: terms }, (_, id) => ((df[id] ?? 0) > 0 ? 1 : 0));
    const { offsets, docs: postDocs, values } = this.lists;
    let maxIdf = 1;
    for (let id = 0; id < terms; id++) {
      let max = 0;
      for (let k = offsets[id] ?? 0; k < (offsets[id + 1] ?? 0); k++) {
        const f = values[k] ?? 0;
        const norm = 1 - B + (B * (lens[postDocs[k] ?? 0] ?? 0)) / avgLen;
        const share = (f * (K1 + 1)) / (f + K1 * norm) / (K1 + 1);
        values[k] = share;
        if (share > max) max = share;
      }
      this.maxShare[id] = max;
      const d = df[id] ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      this.idf[id] = idf;
      if (idf > maxIdf) maxIdf = idf;
    }
    this.maxIdf = maxIdf;
    this.vocab = new Vocabulary(this.names.filter((t) => t !== ''));
    this.top = new TopDocs(this.keys.length, Uint8Array.from(this.background, (b) => (b ? 1 : 0)));
  }

  get size(): number {
    return this.keys.length;
  }

  idfOf(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : (this.idf[id] ?? 0);
  }

  /** The question's terms: known stems, corrections of unknown ones, and bigrams of neighbours. */
  prepare(words: readonly string[], vietnamese: boolean, weights?: readonly number[]): PreparedQuery {
    const terms: QueryTerm[] = [];
    const byId = new Map<number, QueryTerm>();
    const add = (id: number, weight: number, stop: boolean, bigram = false): void => {
      const old = byId.get(id);
      if (old) {
        old.weight = Math.max(old.weight, weight);
        return;
      }
      const q: QueryTerm = { id, term: this.nameOf(id), weight, idf: this.idf[id] ?? 0, stop, bigram, foreign: this.inEntries[id] === 0 };
      byId.set(id, q);
      terms.push(q);
    };
    const stop = vietnamese ? this.stop.vietnamese : this.stop.other;
    const chain: number[] = [];
    const contentWords: string[] = [];
    let unknownMass = 0;
    words.forEach((w, k) => {
      if (w.length < 2 && !DIGIT.test(w)) return;
      const ww = weights?.[k] ?? 1;
      const s = stemWord(w, vietnamese);
      const id = this.termIds.get(s);
      if (stop.has(s)) return;
      contentWords.push(w);
      if (id !== undefined) {
        add(id, ww, false);
        if (VARIANT_WEIGHT > 0) for (const v of this.vocab.variants(s)) {
          const vid = this.termIds.get(v.term);
          if (vid !== undefined && !stop.has(v.term)) add(vid, VARIANT_WEIGHT * v.similarity * ww, false);
        }
        chain.push(id);
        return;
      }
      const fix = this.vocab.correct(s);
      const fid = fix ? this.termIds.get(fix.term) : undefined;
      if (fix && fid !== undefined) {
        if (stop.has(fix.term)) {
          contentWords.pop();
          return;
        }
        add(fid, fix.similarity * ww, false);
        chain.push(fid);
        return;
      }
      chain.push(-1);
      if (s.length >= 3) unknownMass += this.maxIdf * ww;
    });
    for (let i = 0; i + 1 < chain.length; i++) {
      const a = chain[i] ?? -1;
      const b = chain[i + 1] ?? -1;
      const pair = a >= 0 && b >= 0 ? this.pairs.get(a, b) : undefined;
      if (pair !== undefined) add(pair, BIGRAM_WEIGHT, false, true);
    }
    return { terms, contentWords, unknownMass };
  }

  /** The best documents for a prepared question, best first, and the best background document. */
  search(q: PreparedQuery, limit: number): { hits: Hit[]; background: Hit | null } {
    const terms = [];
    for (const t of q.terms) terms.push({ postings: this.postingsOf(t.id), weight: t.idf * t.weight });
    const found = this.top.find(terms, limit);
    const hit = (x: { doc: number; score: number }): Hit => ({ doc: x.doc, key: this.keys[x.doc] ?? '', score: x.score });
    return { hits: found.hits.map(hit), background: found.background ? hit(found.background) : null };
  }

  /** What one document scores on each query term: the "why" behind a match. */
  contributions(q: PreparedQuery, doc: number): number[] {
    return q.terms.map((t) => {
      const p = this.postingsOf(t.id);
      const i = bsearch(p.docs, doc);
      return i < 0 ? 0 : t.idf * t.weight * (p.share[i] ?? 0);
    });
  }

  private postingsOf(id: number): Postings {
    const from = this.lists.offsets[id] ?? 0;
    const to = this.lists.offsets[id + 1] ?? from;
    return { docs: this.lists.docs.subarray(from, to), share: this.lists.values.subarray(from, to), max: this.maxShare[id] ?? 0 };
  }

  private nameOf(id: number): string {
    const a = this.pairA[id] ?? -1;
    return a < 0 ? (this.names[id] ?? '') : `${this.names[a] ?? ''}_${this.names[this.pairB[id] ?? 0] ?? ''}`;
  }

  private idOf(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.names.length;
      this.termIds.set(term, id);
      this.names.push(term);
    }
    return id;
  }

  private pairOf(a: number, b: number): number {
    let id = this.pairs.get(a, b);
    if (id === undefined) {
      id = this.names.length;
      this.pairs.set(a, b, id);
      this.names.push('');
      if (id >= this.pairA.length) {
        const [pa, pb] = [this.pairA, this.pairB];
        this.pairA = new Int32Array(Math.max(pa.length * 2, id + 1)).fill(-1);
        this.pairA.set(pa);
        this.pairB = new Int32Array(this.pairA.length);
        this.pairB.set(pb);
      }
      this.pairA[id] = a;
      this.pairB[id] = b;
    }
    return id;
  }
}
