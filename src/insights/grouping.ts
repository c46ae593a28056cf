import { stem, tokens } from '../knowledge/normalize.js';

/** The words of a question that say what it is about: stems, without the masks' placeholders. */
export function questionTerms(text: string): Set<string> {
  const masked = text.replace(/\[[a-z -]+\]/g, ' ');
  return new Set(tokens(masked).filter((t) => t.length >= 2 || /\d/.test(t)).map(stem));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

export interface Groupable {
  terms: Set<string>;
  weight: number;
}

/**
 * Greedy grouping by word overlap (Jaccard over stems): items are taken most frequent first, and
 * each joins the group whose first item it shares most words with, when that share is at least
 * `threshold`; else it starts a group. Simple, predictable, and quick for a few thousand questions.
 */
export function groupBySimilarity<T extends Groupable>(items: readonly T[], threshold = 0.5): T[][] {
  const sorted = [...items].sort((a, b) => b.weight - a.weight);
  const groups: { head: Set<string>; items: T[] }[] = [];
  for (const item of sorted) {
    let best: { head: Set<string>; items: T[] } | null = null;
    let bestScore = threshold;
    for (const g of groups) {
      const s = jaccard(item.terms, g.head);
      if (s >= bestScore) {
        best = g;
        bestScore = s;
      }
    }
    if (best) best.items.push(item);
    else groups.push({ head: item.terms, items: [item] });
  }
  return groups.map((g) => g.items);
}
