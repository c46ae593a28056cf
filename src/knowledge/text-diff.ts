/** One run of a word diff: kept, added or removed text. */
export interface DiffOp {
  op: '=' | '+' | '-';
  text: string;
}

/** Above this many cells the diff shows the whole text replaced rather than spend the time. */
const MAX_CELLS = 4_000_000;

/**
 * A word-level diff (longest common subsequence over words and the spaces between them), for
 * showing an editor what a revision changed in an answer. Runs of the same kind are merged.
 */
export function wordDiff(before: string, after: string): DiffOp[] {
  if (before === after) return before ? [{ op: '=', text: before }] : [];
  const a = before.split(/(\s+)/).filter((t) => t !== '');
  const b = after.split(/(\s+)/).filter((t) => t !== '');
  if (a.length * b.length > MAX_CELLS) return merge([{ op: '-', text: before }, { op: '+', text: after }]);
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: common length of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => lcs[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ op: '=', text: a[i] ?? '' });
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) ops.push({ op: '-', text: a[i++] ?? '' });
    else ops.push({ op: '+', text: b[j++] ?? '' });
  }
  while (i < n) ops.push({ op: '-', text: a[i++] ?? '' });
  while (j < m) ops.push({ op: '+', text: b[j++] ?? '' });
  return merge(ops);
}

function merge(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  for (const op of ops) {
    const last = out.at(-1);
    if (last && last.op === op.op) last.text += op.text;
    else out.push({ ...op });
  }
  return out;
}
