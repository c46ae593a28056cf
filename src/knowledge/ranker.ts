import type { KbEntry } from '../core/knowledge.js';
import { LANGS, type Lang } from '../core/language.js';
import { GramProfiles } from './ngrams.js';
import { sentencesOf, tokens } from './normalize.js';
import { SearchIndex, type IndexedDoc, type IndexedField, type PreparedQuery } from './search-index.js';

/**
 * Ranks knowledge-base entries for a question: BM25 over each entry's text in all languages
 * (one document per entry, so a Czech word inside a Ukrainian question still meets the Czech
 * keywords), re-ranked by character n-gram similarity, which survives typos and endings the
 * stemmer does not know. Out-of-scope examples are indexed as one document each: the closest
 * of them is reported beside the entries, so the decision can see a question about football
 * resembling "football" more than "blue card".
 */
export interface RankedEntry {
  id: string;
  doc: number;
  /** BM25 plus the n-gram share, on the BM25 scale. */
  score: number;
  bm25: number;
  gram: number;
}

export interface Ranking {
  entries: RankedEntry[];
  /** BM25 score of the closest out-of-scope example (0: none). */
  outOfScope: number;
  /** What the question could score at best: every term of it matched in full. */
  ceiling: number;
  /** IDF mass of the question's content words the knowledge base knows, and does not know. */
  known: number;
  unknown: number;
  /** Share of the known content mass that the best entry matched. */
  matched: number;
  query: PreparedQuery;
}

/** Field weights: a title or keyword says more about an entry than a word in its answer. */
const WEIGHTS = { title: 3, keywords: 3, questions: 1, answer: 0.4 };
/** Sentences without a question mark, beside one with it, are context: they weigh less. */
const CONTEXT_WEIGHT = 0.4;
/** How much n-gram similarity (0..1) adds, as a share of the question's attainable BM25. */
const GRAM_SHARE = 0.5;
const RERANK = 8;

export const OUT_OF_SCOPE_KEY = '_oos';

export class Ranker {
  private readonly index: SearchIndex;
  private readonly grams: GramProfiles;
  private readonly docOf = new Map<string, number>();

  constructor(entries: readonly KbEntry[], outOfScope: Record<Lang, readonly string[]>) {
    // Each entry is transliterated and tokenized once, fed to the index and the n-gram profiles
    // together, and let go: memory stays bounded by the index, not by all the text at once.
    const grams = new GramProfiles();
    function* docs(): Generator<IndexedDoc> {
      for (const e of entries) {
        const fields: IndexedField[] = [];
        const words: string[] = [];
        for (const l of LANGS) {
          const t = e.translations[l];
          if (!t) continue;
          const vietnamese = l === 'vi';
          const short = (texts: readonly string[], weight: number): void => {
            const sentences = texts.map((x) => tokens(x));
            fields.push({ sentences, weight, vietnamese });
            for (const s of sentences) words.push(...s);
          };
          short([t.title], WEIGHTS.title);
          short(t.keywords, WEIGHTS.keywords);
          short(t.questions, WEIGHTS.questions);
          fields.push({ sentences: sentencesOf(t.answer), weight: WEIGHTS.answer, vietnamese });
        }
        grams.add(words);
        yield { key: e.id, fields };
      }
      for (const l of LANGS) {
        for (const ex of outOfScope[l]) yield { key: OUT_OF_SCOPE_KEY, background: true, fields: [{ sentences: sentencesOf(ex), weight: WEIGHTS.questions, vietnamese: l === 'vi' }] };
      }
    }
    this.index = new SearchIndex(docs());
    entries.forEach((e, i) => this.docOf.set(e.id, i));
    this.grams = grams.finish();
  }

  /** Entries for a question already split into weighted words (see focus()). */
  rank(question: Focused, lang: Lang, limit = 5): Ranking {
    const query = this.index.prepare(question.words, lang === 'vi', question.weights);
    const found = this.index.search(query, RERANK);
    let ceiling = query.unknownMass * 0.5;
    let known = 0;
    // Words only out-of-scope examples use count as unknown to the knowledge base.
    let unknown = query.unknownMass;
    for (const t of query.terms) {
      ceiling += t.idf * t.weight;
      if (t.bigram || t.stop) continue;
      if (t.foreign) unknown += t.idf * t.weight;
      else known += t.idf * t.weight;
    }
    ceiling ||= 1;
    const qg = this.grams.query(query.contentWords);
    const entries: RankedEntry[] = found.hits
      .map((h) => {
        const gram = this.grams.similarity(qg, h.doc);
        return { id: h.key, doc: h.doc, bm25: h.score, gram, score: h.score + GRAM_SHARE * gram * ceiling };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    let matched = 0;
    const top = entries[0];
    if (top && known > 0) {
      const c = this.index.contributions(query, top.doc);
      query.terms.forEach((t, i) => {
        if (!t.bigram && !t.stop && !t.foreign && (c[i] ?? 0) > 0) matched += t.idf * t.weight;
      });
      matched /= known;
    }
    return { entries, outOfScope: found.background?.score ?? 0, ceiling, known, unknown, matched, query };
  }

  /** Which terms of a question reached an entry and what each added: the "why" of a match. */
  explain(question: Focused, lang: Lang, id: string): { term: string; score: number }[] {
    const query = this.index.prepare(question.words, lang === 'vi', question.weights);
    const doc = this.docOf.get(id);
    if (doc === undefined) return [];
    const c = this.index.contributions(query, doc);
    return query.terms
      .map((t, i) => ({ term: t.term, score: Math.round((c[i] ?? 0) * 1000) / 1000 }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score);
  }
}

export interface Focused {
  words: string[];
  weights: number[];
}

/** The question's words with weights: sentences around the one that asks weigh less. */
export function focus(text: string): Focused {
  const parts = text.split(/(?<=[.?!;\n])/);
  const asks = parts.some((p) => p.includes('?'));
  const words: string[] = [];
  const weights: number[] = [];
  for (const p of parts) {
    const w = asks && !p.includes('?') ? CONTEXT_WEIGHT : 1;
    for (const t of tokens(p)) {
      words.push(t);
      weights.push(w);
    }
  }
  return { words, weights };
}
