import { createHash } from 'node:crypto';
import type { ActivityScan } from '../core/activity.js';
import type { ReviewMark } from '../core/kb-revisions.js';
import type { Lang } from '../core/language.js';
import { maskText } from '../core/mask.js';
import { tokens } from '../knowledge/normalize.js';
import { groupBySimilarity, questionTerms } from './grouping.js';
import { readTranscript } from './turns.js';

/** missed: the bot had no answer; unsure: "did you mean" or a low-confidence answer; unhelpful: the user said the answer did not help. */
export type ReviewKind = 'missed' | 'unsure' | 'unhelpful';

/** Questions of one kind in one language that read the same once masked. */
interface Question {
  key: string;
  text: string;
  lang: Lang | null;
  count: number;
  kinds: Partial<Record<ReviewKind, number>>;
  channels: Record<string, number>;
  entries: Record<string, number>;
  lastAt: string;
  terms: Set<string>;
  weight: number;
}

export interface ReviewGroup {
  /** The key of its most asked question: stable while that question stays in the group. */
  id: string;
  /** The most asked wording, masked. */
  text: string;
  count: number;
  /** Keys of every question in the group: what a decision on the group marks. */
  keys: string[];
  langs: Record<string, number>;
  kinds: Partial<Record<ReviewKind, number>>;
  channels: Record<string, number>;
  /** Entries involved: answered with low confidence, or rated unhelpful. */
  entries: Record<string, number>;
  /** Other wordings in the group (masked), most asked first. */
  examples: { text: string; lang: Lang | null; count: number }[];
  lastAt: string;
}

/** The key of a masked question: its language and normalised words, so "Jak?" and "jak" are one. */
export function questionKey(lang: Lang | null, masked: string): string {
  return createHash('sha256').update(`${lang ?? '-'}:${tokens(masked).join(' ')}`).digest('hex').slice(0, 16);
}

/**
 * Collects what the bot missed, was unsure of, or answered unhelpfully since `since`, with
 * personal data masked at once (nothing unmasked leaves this function), and groups similar
 * questions with counts, languages and channels. Questions asked before an editor's decision
 * on them (marks) are left out; asked again after it, they come back.
 */
export async function collectReview(scan: ActivityScan, opts: { since: Date; lowConfidence: number; marks: Map<string, ReviewMark>; limit?: number }): Promise<ReviewGroup[]> {
  const byKey = new Map<string, Question>();
  for await (const batch of scan.since(opts.since)) {
    for (const { messages } of batch) {
      for (const t of readTranscript(messages).turns) {
        if (t.postback || Date.parse(t.at) < opts.since.getTime()) continue;
        let kind: ReviewKind | null = null;
        if (t.outcome === 'unanswered') kind = 'missed';
        else if (t.outcome === 'clarified' || (t.outcome === 'answered' && t.score !== null && t.score < opts.lowConfidence)) kind = 'unsure';
        if (t.feedback === 'unhelpful') kind = 'unhelpful';
        if (!kind) continue;
        const text = maskText(t.text).replace(/\s+/g, ' ').trim();
        if (tokens(text).length === 0) continue;
        const key = questionKey(t.lang, text);
        const mark = opts.marks.get(key);
        if (mark && mark.at >= t.at) continue;
        let q = byKey.get(key);
        if (!q) byKey.set(key, (q = { key, text, lang: t.lang, count: 0, kinds: {}, channels: {}, entries: {}, lastAt: t.at, terms: questionTerms(text), weight: 0 }));
        q.count++;
        q.weight = q.count;
        q.kinds[kind] = (q.kinds[kind] ?? 0) + 1;
        q.channels[t.channel] = (q.channels[t.channel] ?? 0) + 1;
        if (t.entry) q.entries[t.entry] = (q.entries[t.entry] ?? 0) + 1;
        if (t.at > q.lastAt) q.lastAt = t.at;
      }
    }
  }
  const groups = groupBySimilarity([...byKey.values()]).map((items): ReviewGroup => {
    const head = items[0] as Question;
    const g: ReviewGroup = { id: head.key, text: head.text, count: 0, keys: [], langs: {}, kinds: {}, channels: {}, entries: {}, examples: [], lastAt: head.lastAt };
    for (const q of items) {
      g.count += q.count;
      g.keys.push(q.key);
      g.langs[q.lang ?? 'unknown'] = (g.langs[q.lang ?? 'unknown'] ?? 0) + q.count;
      for (const [k, n] of Object.entries(q.kinds)) g.kinds[k as ReviewKind] = (g.kinds[k as ReviewKind] ?? 0) + n;
      for (const [k, n] of Object.entries(q.channels)) g.channels[k] = (g.channels[k] ?? 0) + n;
      for (const [k, n] of Object.entries(q.entries)) g.entries[k] = (g.entries[k] ?? 0) + n;
      if (q !== head && g.examples.length < 8) g.examples.push({ text: q.text, lang: q.lang, count: q.count });
      if (q.lastAt > g.lastAt) g.lastAt = q.lastAt;
    }
    return g;
  });
  return groups.sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt)).slice(0, opts.limit ?? 200);
}
