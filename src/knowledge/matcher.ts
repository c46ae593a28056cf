import type { Candidate, Decision, KbEntry } from '../core/knowledge.js';
import { LANGS, type Lang } from '../core/language.js';
import { ANSWER_MODEL, features, probability, SCOPE_MODEL, type Features } from './confidence.js';
import type { Intents, PerLang } from './intents.js';
import { LanguageDetector } from './language.js';
import { stemsOf, tokens } from './normalize.js';
import { PhraseSet } from './phrases.js';
import { focus, Ranker, type Ranking } from './ranker.js';
import { stemWord } from './stemmer.js';
import { Smalltalk } from './smalltalk.js';
import { stopwordStems } from './stopwords.js';

export { OUT_OF_SCOPE_KEY } from './ranker.js';

/**
 * Where the confidences (see confidence.ts) must be for each decision. A confident wrong answer
 * is the worst outcome, so "answer" needs a high one; between the two the bot offers the best two
 * or three entries ("did you mean"), but only for a question that looks in scope; below, or for a
 * question closer to an out-of-scope example than to any entry, it falls back and offers a person.
 * Chosen on the k-fold of scripts/tune-matcher.ts, not on the evaluation sample.
 */
export interface MatcherTuning {
  answer: number;
  clarify: number;
  /** P(in scope) needed to offer "did you mean" rather than fall back. */
  inScope: number;
  /** An out-of-scope example scoring at least this share of the best entry makes it a fallback. */
  outOfScope: number;
  /** Entries offered in "did you mean" must score at least this share of the best. */
  offerRatio: number;
}

export const DEFAULT_TUNING: MatcherTuning = { answer: 0.7, clarify: 0.3, inScope: 0.7, outOfScope: 0.8, offerRatio: 0.6 };

/** Questions decided at construction to compile the hot paths before the first real one. */
const WARM_UP = 150;

export interface DecideOptions {
  /** The conversation's language so far; kept when a message is too short to tell. */
  hint?: Lang | null;
}

/** What decide() saw, for the tuning script and for explaining a decision. */
export interface Inspection {
  lang: Lang;
  ranking: Ranking;
  features: Features;
  /** P(the first entry is the answer). */
  confidence: number;
  /** P(the question is in scope at all). */
  inScope: number;
}

export class Matcher {
  readonly detector: LanguageDetector;
  private readonly ranker: Ranker;
  private readonly entries: Map<string, KbEntry>;
  /**
   * An entry's own question, title or keyword, as folded words → the entry (null when two entries
   * share it). Asked as written, it is answered: an editor who adds a phrasing the bot missed
   * sees it work at once, whatever the statistics say.
   */
  private readonly exact = new Map<string, string | null>();
  private readonly smalltalk: Smalltalk;
  private readonly crisis: PhraseSet;
  private readonly stop = stopwordStems(stemsOf);
  private readonly human: { persons: PhraseSet; requests: PhraseSet; notBot: PhraseSet };

  constructor(entries: readonly KbEntry[], intents: Intents, private readonly tuning: MatcherTuning = DEFAULT_TUNING) {
    this.entries = new Map(entries.map((e) => [e.id, e]));
    this.detector = new LanguageDetector(corpora(entries, intents));
    this.ranker = new Ranker(entries, intents.outOfScope);
    for (const e of entries) {
      for (const l of LANGS) {
        const t = e.translations[l];
        for (const q of t ? [t.title, ...t.questions, ...t.keywords] : []) {
          const key = tokens(q).join(' ');
          if (!key) continue;
          const seen = this.exact.get(key);
          this.exact.set(key, seen === undefined || seen === e.id ? e.id : null);
        }
      }
    }
    this.smalltalk = new Smalltalk(intents);
    const all = (p: PerLang): string[] => LANGS.flatMap((l) => p[l]);
    // A person word may take an ending ("operátora", "людиною"), not become another word.
    this.human = { persons: new PhraseSet(all(intents.human.persons), 3), requests: new PhraseSet(all(intents.human.requests)), notBot: new PhraseSet(all(intents.human.notBot)) };
    this.crisis = new PhraseSet(all(intents.crisis));
    this.warmUp(entries);
  }

  /**
   * Decides a sample of the knowledge base's own questions once: the first real question after a
   * start or an edit should not pay for compiling the hot paths (tens of milliseconds).
   */
  private warmUp(entries: readonly KbEntry[]): void {
    const sample: string[] = [];
    for (const e of entries) for (const l of LANGS) sample.push(...(e.translations[l]?.questions.slice(0, 1) ?? []));
    const step = Math.max(1, Math.floor(sample.length / WARM_UP));
    for (let i = 0; i < sample.length; i += step) {
      const q = sample[i] ?? '';
      this.decide(q);
      // Misspelt, so that the typo-correction path is compiled too.
      this.decide(q.replace(/(\p{L}{3})\p{L}(\p{L}{2})/gu, '$1$2'));
    }
  }

  get size(): number {
    return this.entries.size;
  }

  entry(id: string): KbEntry | undefined {
    return this.entries.get(id);
  }

  decide(text: string, opts: DecideOptions = {}): Decision {
    // Tokenized once: detection, small talk, person and crisis rules and the ranking share it.
    const question = focus(text);
    const words = question.words;
    const guess = this.detector.detectTokens(text, words);
    const lang = guess.confidence >= 0.35 || !opts.hint ? guess.lang : opts.hint;
    const none: Decision = { action: 'fallback', lang, entry: null, candidates: [], score: 0 };
    const meaningful = words.filter((w) => w.length >= 2 || /\d/.test(w));
    if (meaningful.length === 0) return none;

    const stems = meaningful.map((w) => stemWord(w));
    const smalltalk = this.smalltalk.kind(stems);
    if (smalltalk) {
      // Letter statistics cannot tell "ahoj" from Ukrainian; the greeting words can.
      const said = guess.confidence >= 0.9 ? lang : this.smalltalk.lang(stems, lang);
      return { ...none, lang: said, action: 'smalltalk', smalltalk, score: 1 };
    }

    const crisis = this.crisis.matches(words);
    const exact = this.exact.get(words.join(' '));
    if (exact && !crisis) {
      const escalate = this.entries.get(exact)?.escalate ?? false;
      return { action: escalate ? 'escalate' : 'answer', lang, entry: exact, candidates: [{ entry: exact, score: 1 }], score: 1 };
    }
    if (!crisis && this.personIn(words)) return { ...none, action: 'escalate', score: 1 };

    const { ranking, features: f, confidence, inScope } = this.judge(this.ranker.rank(question, lang), lang);
    const ranked = ranking.entries;
    const best = ranked[0];
    const candidates: Candidate[] = ranked.slice(0, 3).map((h) => ({ entry: h.id, score: round(h.score / ranking.ceiling) }));
    const score = round(confidence);

    if (crisis) {
      // The immediate help comes from the entry for the situation, when one is close.
      const id = exact ?? best?.id;
      const entry = id && this.entries.get(id)?.escalate ? id : null;
      return { action: 'escalate', lang, entry, candidates, score, crisis: true };
    }
    if (!best || f.outOfScope >= this.tuning.outOfScope) return { ...none, candidates, score };
    if (confidence >= this.tuning.answer) {
      const escalate = this.entries.get(best.id)?.escalate ?? false;
      return { action: escalate ? 'escalate' : 'answer', lang, entry: best.id, candidates, score };
    }
    if (confidence >= this.tuning.clarify && inScope >= this.tuning.inScope) {
      const offered = ranked.filter((h) => h.score >= best.score * this.tuning.offerRatio).slice(0, 3);
      // "Did you mean" needs a choice: a lone plausible entry is offered with the runner-up.
      const options = offered.length >= 2 ? offered : ranked.slice(0, 2);
      return { action: 'clarify', lang, entry: null, candidates: options.map((h) => ({ entry: h.id, score: round(h.score / ranking.ceiling) })), score };
    }
    return { ...none, candidates, score };
  }

  /** The ranking and confidence behind a decision (no smalltalk, person or crisis rules). */
  inspect(text: string, lang: Lang = this.detector.detect(text).lang): Inspection {
    return this.judge(this.ranker.rank(focus(text), lang), lang);
  }

  private judge(ranking: Ranking, lang: Lang): Inspection {
    const f = features(ranking);
    const some = ranking.entries.length > 0;
    return { lang, ranking, features: f, confidence: some ? probability(f, ANSWER_MODEL) : 0, inScope: some ? probability(f, SCOPE_MODEL) : 0 };
  }

  /** Which words of a question reached an entry, and what each added. */
  explain(text: string, id: string): { term: string; score: number }[] {
    return this.ranker.explain(focus(text), this.detector.detect(text).lang, id);
  }

  /**
   * A way of talking to a person followed by a person word ("spojte mě s pracovníkem"), a
   * refusal of the bot, or a message made only of person words and words that say nothing else
   * ("operator", "živý člověk prosím", "I need an operator"). "Employee card requirements" names
   * a person word too, but says something else: it is a question for the knowledge base.
   */
  asksForPerson(text: string): boolean {
    return this.personIn(tokens(text));
  }

  private personIn(words: readonly string[]): boolean {
    if (this.human.notBot.matches(words)) return true;
    const person = this.human.persons.last(words);
    if (person < 0) return false;
    // The way of talking comes first: "talk to someone", not "someone who speaks Vietnamese".
    const request = this.human.requests.first(words);
    if (request >= 0 && request <= person) return true;
    return words.every((w) => {
      if (w.length < 2 && !/\d/.test(w)) return true;
      const s = stemWord(w);
      return this.stop.other.has(s) || this.stop.vietnamese.has(w) || this.smalltalk.has(s) || this.human.persons.covers(w);
    });
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function corpora(entries: readonly KbEntry[], intents: Intents): Record<Lang, string[]> {
  // Intents first: the detector reads a bounded amount of text per language, and short chat
  // phrases teach it more about chat messages than the thousandth answer does.
  const out: Record<Lang, string[]> = { cs: [], en: [], uk: [], ru: [], vi: [] };
  for (const l of LANGS) {
    out[l].push(...intents.human.examples[l], ...intents.outOfScope[l], ...intents.crisis[l]);
    out[l].push(...intents.smalltalk.greeting[l], ...intents.smalltalk.thanks[l], ...intents.smalltalk.bye[l]);
  }
  for (const e of entries) {
    for (const l of LANGS) {
      const t = e.translations[l];
      if (t) out[l].push(t.title, ...t.questions, ...t.keywords, t.answer);
    }
  }
  return out;
}
