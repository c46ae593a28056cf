/**
 * Compact storage for the search index: every posting list in one pair of typed arrays (term t
 * owns positions offsets[t] to offsets[t + 1]), and bigram ids in an open-addressing table of
 * integer pairs. A large knowledge base has a million rare terms; one small object per term would
 * cost hundreds of megabytes and long garbage-collection pauses between questions.
 */
export interface PostingLists {
  offsets: Int32Array;
  docs: Int32Array;
  /** The raw term frequency, replaced by the BM25 share once lengths are known. */
  values: Float32Array;
}

/** Collects (term, doc, tf) as documents are read, in document order; build() groups them by term. */
export class PostingsBuilder {
  private terms = new Int32Array(1 << 16);
  private docs = new Int32Array(1 << 16);
  private values = new Float32Array(1 << 16);
  private n = 0;

  add(term: number, doc: number, value: number): void {
    if (this.n === this.terms.length) {
      this.terms = grow(this.terms, new Int32Array(this.n * 2));
      this.docs = grow(this.docs, new Int32Array(this.n * 2));
      this.values = grow(this.values, new Float32Array(this.n * 2));
    }
    this.terms[this.n] = term;
    this.docs[this.n] = doc;
    this.values[this.n++] = value;
  }

  /** A stable counting sort by term: within a term, documents stay in ascending order. */
  build(termCount: number): PostingLists {
    const offsets = new Int32Array(termCount + 1);
    for (let k = 0; k < this.n; k++) offsets[(this.terms[k] ?? 0) + 1] = (offsets[(this.terms[k] ?? 0) + 1] ?? 0) + 1;
    for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t + 1] ?? 0) + (offsets[t] ?? 0);
    const cursor = offsets.slice(0, termCount);
    const docs = new Int32Array(this.n);
    const values = new Float32Array(this.n);
    for (let k = 0; k < this.n; k++) {
      const t = this.terms[k] ?? 0;
      const at = cursor[t] ?? 0;
      cursor[t] = at + 1;
      docs[at] = this.docs[k] ?? 0;
      values[at] = this.values[k] ?? 0;
    }
    this.terms = new Int32Array(0);
    this.docs = new Int32Array(0);
    this.values = new Float32Array(0);
    this.n = 0;
    return { offsets, docs, values };
  }
}

function grow<T extends Int32Array | Float32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Integer pair → id, by open addressing with linear probing: no object per pair. */
export class PairIds {
  private first = new Int32Array(1 << 12).fill(-1);
  private second = new Int32Array(1 << 12);
  private ids = new Int32Array(1 << 12);
  private size = 0;

  get(a: number, b: number): number | undefined {
    const mask = this.first.length - 1;
    for (let i = hash(a, b) & mask; ; i = (i + 1) & mask) {
      const f = this.first[i] ?? -1;
      if (f === -1) return undefined;
      if (f === a && this.second[i] === b) return this.ids[i];
    }
  }

  set(a: number, b: number, id: number): void {
    if ((this.size + 1) * 2 > this.first.length) this.rehash();
    const mask = this.first.length - 1;
    let i = hash(a, b) & mask;
    while ((this.first[i] ?? -1) !== -1) i = (i + 1) & mask;
    this.first[i] = a;
    this.second[i] = b;
    this.ids[i] = id;
    this.size++;
  }

  private rehash(): void {
    const [first, second, ids] = [this.first, this.second, this.ids];
    this.first = new Int32Array(first.length * 2).fill(-1);
    this.second = new Int32Array(first.length * 2);
    this.ids = new Int32Array(first.length * 2);
    this.size = 0;
    for (let i = 0; i < first.length; i++) if ((first[i] ?? -1) !== -1) this.set(first[i] ?? 0, second[i] ?? 0, ids[i] ?? 0);
  }
}

function hash(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
}

/** Position of x in an ascending array, or -1. */
export function bsearch(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid] ?? 0;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
