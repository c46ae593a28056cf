import type { Candidate, Decision, KbEntry, SmalltalkKind } from '../core/knowledge.js';
import { LANGS, type Lang } from '../core/language.js';
import type { Intents, PerLang } from './intents.js';
import { LanguageDetector } from './language.js';
import { PhraseSet } from './phrases.js';
import { tokens } from './normalize.js';
import { SearchIndex, termsOf, type IndexedDoc } from './search-index.js';

export const OUT_OF_SCOPE_KEY = '_oos';

/**
 * Thresholds on the score relative to what the question could reach at best (see SearchIndex).
 * Chosen on the public sample's shape, not its sentences: a confident wrong answer is the worst
 * outcome, so "answer" needs both a clear lead and a good share of the question explained.
 */
export interface MatcherTuning {
  answerCoverage: number;
  clarifyCoverage: number;
  /** The runner-up must stay below this share of the winner for a direct answer. */
  leadRatio: number;
  /** An out-of-scope example scoring at least this share of the best entry makes it a fallback. */
  oosRatio: number;
}

export const DEFAULT_TUNING: MatcherTuning = {
  answerCoverage: 0.3,
  clarifyCoverage: 0.16,
  leadRatio: 0.8,
  oosRatio: 0.9,
};

export interface DecideOptions {
  /** The conversation's language so far; kept when a message is too short to tell. */
  hint?: Lang | null;
}

const WEIGHTS = { title: 2, keywords: 2, questions: 1, answer: 0.15 };

export class Matcher {
  readonly detector: LanguageDetector;
  private readonly index: SearchIndex;
  private readonly entries: Map<string, KbEntry>;
  private readonly smalltalk: Map<string, SmalltalkKind | 'filler'>;
  private readonly crisis: PhraseSet;
  private readonly human: { persons: PhraseSet; requests: PhraseSet; notBot: PhraseSet };

  constructor(entries: readonly KbEntry[], intents: Intents, private readonly tuning: MatcherTuning = DEFAULT_TUNING) {
    this.entries = new Map(entries.map((e) => [e.id, e]));
    this.detector = new LanguageDetector(corpora(entries, intents));
    const docs: IndexedDoc[] = entries.map((e) => ({
      key: e.id,
      fields: LANGS.flatMap((l) => {
        const t = e.translations[l];
        if (!t) return [];
        return [
          { text: t.title, weight: WEIGHTS.title },
          { text: t.keywords.join(' . '), weight: WEIGHTS.keywords },
          { text: t.questions.join(' . '), weight: WEIGHTS.questions },
          { text: t.answer, weight: WEIGHTS.answer },
        ];
      }),
    }));
    // Each out-of-scope example stands alone: one close example is enough to pull a question away.
    for (const l of LANGS) for (const ex of intents.outOfScope[l]) docs.push({ key: OUT_OF_SCOPE_KEY, background: true, fields: [{ text: ex, weight: WEIGHTS.questions }] });
    this.index = new SearchIndex(docs);
    this.smalltalk = smalltalkLexicon(intents);
    const all = (p: PerLang): string[] => LANGS.flatMap((l) => p[l]);
    this.human = { persons: new PhraseSet(all(intents.human.persons)), requests: new PhraseSet(all(intents.human.requests)), notBot: new PhraseSet(all(intents.human.notBot)) };
    this.crisis = new PhraseSet(all(intents.crisis));
  }

  get size(): number {
    return this.entries.size;
  }

  entry(id: string): KbEntry | undefined {
    return this.entries.get(id);
  }

  decide(text: string, opts: DecideOptions = {}): Decision {
    const guess = this.detector.detect(text);
    const lang = guess.confidence >= 0.35 || !opts.hint ? guess.lang : opts.hint;
    const stems = termsOf(text).unigrams;
    const none: Decision = { action: 'fallback', lang, entry: null, candidates: [], score: 0 };
    if (stems.length === 0) return none;

    const smalltalk = this.smalltalkKind(stems);
    if (smalltalk) return { ...none, action: 'smalltalk', smalltalk, score: 1 };

    if (this.asksForPerson(text)) return { ...none, action: 'escalate', score: 1 };

    const crisis = this.crisis.matches(tokens(text));
    const result = this.index.search(text, 12);
    const ranked = dedupe(result.hits);
    const ceiling = result.ceiling || 1;
    const top = ranked[0];
    const entries = ranked.filter((h) => !h.key.startsWith('_'));
    const best = entries[0];
    const candidates: Candidate[] = entries.slice(0, 3).map((h) => ({ entry: h.key, score: round(h.score / ceiling) }));

    if (crisis) {
      const entry = best && this.entries.get(best.key)?.escalate ? best.key : null;
      return { action: 'escalate', lang, entry, candidates, score: best ? round(best.score / ceiling) : 0, crisis: true };
    }
    if (!top) return none;
    const oos = ranked.find((h) => h.key === OUT_OF_SCOPE_KEY);
    if (!best || (oos && oos.score >= best.score * this.tuning.oosRatio)) return { ...none, candidates, score: round(top.score / ceiling) };

    const bestCoverage = best.score / ceiling;
    const runnerUp = entries[1]?.score ?? 0;
    if (bestCoverage >= this.tuning.answerCoverage && runnerUp < best.score * this.tuning.leadRatio) {
      const escalate = this.entries.get(best.key)?.escalate ?? false;
      return { action: escalate ? 'escalate' : 'answer', lang, entry: best.key, candidates, score: round(bestCoverage) };
    }
    if (bestCoverage >= this.tuning.clarifyCoverage) {
      const offered = entries.filter((h) => h.score >= best.score * 0.6).slice(0, 3);
      if (offered.length === 1) {
        const escalate = this.entries.get(best.key)?.escalate ?? false;
        return { action: escalate ? 'escalate' : 'answer', lang, entry: best.key, candidates, score: round(bestCoverage) };
      }
      return {
        action: 'clarify',
        lang,
        entry: null,
        candidates: offered.map((h) => ({ entry: h.key, score: round(h.score / ceiling) })),
        score: round(bestCoverage),
      };
    }
    return { ...none, candidates, score: round(bestCoverage) };
  }

  /** A person word with a way of talking to them, a refusal of the bot, or a short message naming a person. */
  asksForPerson(text: string): boolean {
    const words = tokens(text);
    if (this.human.notBot.matches(words)) return true;
    if (!this.human.persons.matches(words)) return false;
    return words.length <= 3 || this.human.requests.matches(words);
  }

  private smalltalkKind(stems: string[]): SmalltalkKind | null {
    let kind: SmalltalkKind | null = null;
    for (const s of stems) {
      const k = this.smalltalk.get(s);
      if (!k) return null;
      // Thanks and goodbye outrank a greeting said with them ("thanks, bye" is a goodbye).
      if (k !== 'filler' && (kind === null || k !== 'greeting')) kind = k;
    }
    return kind;
  }
}

function dedupe(hits: { key: string; score: number }[]): { key: string; score: number }[] {
  const seen = new Set<string>();
  return hits.filter((h) => (seen.has(h.key) ? false : (seen.add(h.key), true)));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function smalltalkLexicon(intents: Intents): Map<string, SmalltalkKind | 'filler'> {
  const lex = new Map<string, SmalltalkKind | 'filler'>();
  const add = (p: PerLang, kind: SmalltalkKind | 'filler'): void => {
    for (const l of LANGS) for (const phrase of p[l]) for (const s of termsOf(phrase).unigrams) if (!lex.has(s) || kind !== 'filler') lex.set(s, kind);
  };
  add(intents.smalltalk.filler, 'filler');
  add(intents.smalltalk.greeting, 'greeting');
  add(intents.smalltalk.bye, 'bye');
  add(intents.smalltalk.thanks, 'thanks');
  return lex;
}

function corpora(entries: readonly KbEntry[], intents: Intents): Record<Lang, string[]> {
  const out: Record<Lang, string[]> = { cs: [], en: [], uk: [], ru: [], vi: [] };
  for (const e of entries) {
    for (const l of LANGS) {
      const t = e.translations[l];
      if (t) out[l].push(t.title, ...t.questions, ...t.keywords, t.answer);
    }
  }
  for (const l of LANGS) {
    out[l].push(...intents.human.examples[l], ...intents.outOfScope[l], ...intents.crisis[l]);
    out[l].push(...intents.smalltalk.greeting[l], ...intents.smalltalk.thanks[l], ...intents.smalltalk.bye[l]);
  }
  return out;
}
