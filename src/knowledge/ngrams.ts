/**
 * Character n-gram profiles: a second, spelling-tolerant view of how close a question is to an
 * entry. A typo or an unusual ending changes a few n-grams of a word, not the whole word, so the
 * overlap survives where exact stems miss ("zaměstnaneckou"/"zamestnanecka", "propysku").
 * Profiles are sorted arrays of n-gram ids, so comparing a question with an entry is a merge of
 * two short sorted lists, without hashing.
 */
const N = 4;
const BASE = 37;

/** Folded tokens are [a-z0-9]: with the padding space, 37 symbols, so a 4-gram is one small integer. */
function symbol(code: number): number {
  if (code >= 97 && code <= 122) return code - 96;
  if (code >= 48 && code <= 57) return code - 21;
  return 0;
}

/** The 4-grams of words (padded with a space), as integer keys with counts: no substrings made. */
function gramCounts(words: readonly string[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const w of words) {
    if (w.length < 3) continue;
    const len = w.length + 2;
    const at = (i: number): number => (i === 0 || i === len - 1 ? 0 : symbol(w.charCodeAt(i - 1)));
    for (let i = 0; i + N <= len; i++) {
      const key = ((at(i) * BASE + at(i + 1)) * BASE + at(i + 2)) * BASE + at(i + 3);
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

interface Profile {
  ids: Int32Array;
  weights: Float32Array;
}

/** A question's n-grams, weighted and normalised once, to compare with many entries. */
export type GramQuery = Profile;

export class GramProfiles {
  private readonly ids = new Map<number, number>();
  private readonly profiles: Profile[] = [];

  /** Profiles of documents given one by one (see add()), ready once finish() is called. */
  private raw: { ids: Int32Array; counts: Float32Array }[] = [];
  private df: number[] = [];
  private idf = new Float64Array(0);
  private unseenIdf = 0;

  /** Adds the next document's words; its n-grams are kept as compact arrays, not as a map. */
  add(words: readonly string[]): void {
    const c = gramCounts(words);
    const ids = new Int32Array(c.size);
    const counts = new Float32Array(c.size);
    let k = 0;
    for (const [g, n] of c) {
      let id = this.ids.get(g);
      if (id === undefined) this.ids.set(g, (id = this.ids.size));
      this.df[id] = (this.df[id] ?? 0) + 1;
      ids[k] = id;
      counts[k++] = n;
    }
    this.raw.push({ ids, counts });
  }

  /** Weighs every document's n-grams by their rarity across all documents. */
  finish(): this {
    const n = this.raw.length || 1;
    this.idf = Float64Array.from({ length: this.ids.size }, (_, id) => Math.log((n + 1) / ((this.df[id] ?? 0) + 0.5)));
    this.unseenIdf = Math.log((n + 1) / 0.5);
    for (const r of this.raw) {
      const pairs = Array.from(r.ids, (id, k) => [id, (1 + Math.log(r.counts[k] ?? 1)) * (this.idf[id] ?? 0)] as const);
      this.profiles.push(normalised(pairs, 0));
    }
    this.raw = [];
    this.df = [];
    return this;
  }

  /** The question side: n-grams the entries never use still count in its length. */
  query(words: readonly string[]): GramQuery {
    const pairs: (readonly [number, number])[] = [];
    let unseen = 0;
    for (const [g, c] of gramCounts(words)) {
      const id = this.ids.get(g);
      const w = (1 + Math.log(c)) * (id === undefined ? this.unseenIdf : (this.idf[id] ?? 0));
      if (id === undefined) unseen += w * w;
      else pairs.push([id, w]);
    }
    return normalised(pairs, unseen);
  }

  /** Cosine similarity (0..1) of a question with document `doc`. */
  similarity(q: GramQuery, doc: number): number {
    const p = this.profiles[doc];
    if (!p) return 0;
    // The question has tens of n-grams, an entry thousands: look each up by binary search.
    let dot = 0;
    let lo = 0;
    for (let i = 0; i < q.ids.length; i++) {
      const id = q.ids[i] ?? 0;
      let hi = p.ids.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = p.ids[mid] ?? 0;
        if (v < id) lo = mid + 1;
        else if (v > id) hi = mid - 1;
        else {
          dot += (q.weights[i] ?? 0) * (p.weights[mid] ?? 0);
          lo = mid + 1;
          break;
        }
      }
    }
    return dot;
  }
}

/** Sorted by id, weights divided by the vector's length (which includes `extra`, a squared norm). */
function normalised(pairs: (readonly [number, number])[], extra: number): Profile {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  let norm = extra;
  for (const [, w] of sorted) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  return { ids: Int32Array.from(sorted, (x) => x[0]), weights: Float32Array.from(sorted, (x) => x[1] / norm) };
}
