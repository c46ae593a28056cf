/**
 * The best documents for a set of weighted posting lists, without reading every posting of the
 * common words. Terms go in order of the most they can add to any document; once what the rest
 * could add together is below the score a document needs to enter the top, no new document can
 * make it, and the remaining lists are read only for the documents still in the running (by
 * binary search when they are few). The result is the same as summing everything; on a large
 * knowledge base a question stays well under a millisecond.
 */
export interface Postings {
  docs: Int32Array;
  share: Float32Array;
  /** The largest share in the list: the most this term can add, times its weight. */
  max: number;
}

export interface WeightedPostings {
  postings: Postings;
  weight: number;
}

export interface Scored {
  doc: number;
  score: number;
}

export class TopDocs {
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  private readonly candidates: Int32Array;
  private top = new Float64Array(16);

  constructor(
    size: number,
    private readonly background: Uint8Array,
  ) {
    this.scores = new Float64Array(size);
    this.touched = new Int32Array(size);
    this.candidates = new Int32Array(size);
  }

  /** The `limit` best non-background documents, best first, and the best background document. */
  find(terms: readonly WeightedPostings[], limit: number): { hits: Scored[]; background: Scored | null } {
    if (this.top.length < limit) this.top = new Float64Array(limit);
    const scores = this.scores;
    const touched = this.touched;
    const order = terms.filter((t) => t.weight > 0 && t.postings.docs.length > 0).sort((a, b) => b.weight * b.postings.max - a.weight * a.postings.max);
    const rest = new Float64Array(order.length + 1);
    for (let i = order.length - 1; i >= 0; i--) rest[i] = (rest[i + 1] ?? 0) + (order[i]?.weight ?? 0) * (order[i]?.postings.max ?? 0);
    let n = 0;
    let i = 0;
    let maxScore = 0;
    let threshold = 0;
    let checks = 0;
    for (; i < order.length; i++) {
      const t = order[i];
      if (!t) break;
      const { docs, share } = t.postings;
      const w = t.weight;
      for (let k = 0; k < docs.length; k++) {
        const d = docs[k] ?? 0;
        const before = scores[d] ?? 0;
        if (before === 0) touched[n++] = d;
        const after = before + w * (share[k] ?? 0);
        scores[d] = after;
        if (after > maxScore) maxScore = after;
      }
      // Only worth knowing the entry threshold once the rest could not even reach the best.
      const remaining = rest[i + 1] ?? 0;
      if (remaining < maxScore * 0.8 && checks < 2 && i + 1 < order.length) {
        checks++;
        threshold = this.kth(n, limit);
        if (remaining < threshold) {
          i++;
          break;
        }
      }
    }
    if (i < order.length) this.finishCandidates(order, rest, i, threshold, n, limit);
    return this.collect(n, limit);
  }

  /**
   * Adds terms from `from` on to the documents that can still reach the threshold. After each
   * term what the rest can add shrinks and the threshold rises, so the candidates thin out.
   */
  private finishCandidates(order: readonly WeightedPostings[], rest: Float64Array, from: number, threshold: number, n: number, limit: number): void {
    const scores = this.scores;
    // Candidates live in a reused buffer, compacted in place: no garbage per question.
    const cands = this.candidates;
    let c = 0;
    for (let k = 0; k < n; k++) {
      const d = this.touched[k] ?? 0;
      // Background documents (out-of-scope examples) always stay: their best score is reported.
      if ((scores[d] ?? 0) + (rest[from] ?? 0) >= threshold || this.background[d]) cands[c++] = d;
    }
    let theta = threshold;
    for (let i = from; i < order.length; i++) {
      const t = order[i];
      if (!t) break;
      const { docs, share } = t.postings;
      if (c * Math.log2(docs.length + 1) < docs.length) {
        for (let k = 0; k < c; k++) {
          const d = cands[k] ?? 0;
          let lo = 0;
          let hi = docs.length - 1;
          while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            const v = docs[mid] ?? 0;
            if (v < d) lo = mid + 1;
            else if (v > d) hi = mid - 1;
            else {
              scores[d] = (scores[d] ?? 0) + t.weight * (share[mid] ?? 0);
              break;
            }
          }
        }
      } else {
        for (let k = 0; k < docs.length; k++) {
          const d = docs[k] ?? 0;
          if (scores[d] !== 0) scores[d] = (scores[d] ?? 0) + t.weight * (share[k] ?? 0);
        }
      }
      if (i + 1 === order.length) break;
      // One pass: drop what cannot reach the threshold, and raise the threshold from what stays.
      const after = rest[i + 1] ?? 0;
      const top = this.top;
      let size = 0;
      let kept = 0;
      for (let k = 0; k < c; k++) {
        const d = cands[k] ?? 0;
        const s = scores[d] ?? 0;
        if (this.background[d]) {
          cands[kept++] = d;
          continue;
        }
        if (s + after < theta) continue;
        cands[kept++] = d;
        if (size === limit && s <= (top[limit - 1] ?? 0)) continue;
        let j = Math.min(size, limit - 1);
        while (j > 0 && (top[j - 1] ?? 0) < s) {
          top[j] = top[j - 1] ?? 0;
          j--;
        }
        top[j] = s;
        if (size < limit) size++;
      }
      c = kept;
      if (size === limit) theta = Math.max(theta, top[limit - 1] ?? 0);
    }
  }

  /** The `limit`-th best entry score among the touched documents (0 when fewer). */
  private kth(n: number, limit: number): number {
    return this.kthOf(this.touched, n, limit);
  }

  /** The `limit`-th best entry score among the first `n` of `docs` (0 when fewer). */
  private kthOf(docs: Int32Array, n: number, limit: number): number {
    const top = this.top;
    let size = 0;
    for (let k = 0; k < n; k++) {
      const d = docs[k] ?? 0;
      if (this.background[d]) continue;
      const s = this.scores[d] ?? 0;
      if (size === limit && s <= (top[limit - 1] ?? 0)) continue;
      let j = Math.min(size, limit - 1);
      while (j > 0 && (top[j - 1] ?? 0) < s) {
        top[j] = top[j - 1] ?? 0;
        j--;
      }
      top[j] = s;
      if (size < limit) size++;
    }
    return size === limit ? (top[limit - 1] ?? 0) : 0;
  }

  /** Picks the best and clears the scores for the next question. */
  private collect(n: number, limit: number): { hits: Scored[]; background: Scored | null } {
    const best: Scored[] = [];
    let bg: Scored | null = null;
    for (let k = 0; k < n; k++) {
      const d = this.touched[k] ?? 0;
      const s = this.scores[d] ?? 0;
      this.scores[d] = 0;
      if (this.background[d]) {
        if (!bg || s > bg.score) bg = { doc: d, score: s };
        continue;
      }
      if (best.length === limit && s <= (best[limit - 1]?.score ?? 0)) continue;
      let j = best.length;
      while (j > 0 && (best[j - 1]?.score ?? 0) < s) j--;
      best.splice(j, 0, { doc: d, score: s });
      if (best.length > limit) best.pop();
    }
    return { hits: best, background: bg };
  }
}
