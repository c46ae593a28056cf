import type { Decision, KbEntry } from '../core/knowledge.js';
import { CLOSEST, type Lang } from '../core/language.js';
import type { Intents } from './intents.js';
import { loadKnowledgeBase, type LoadProblem } from './loader.js';
import { Matcher, type DecideOptions } from './matcher.js';
import { isExpired } from './staleness.js';

export interface AnswerText {
  text: string;
  /** The language the text is in; differs from the asked one when the entry lacks it. */
  lang: Lang;
  translated: boolean;
  expired: boolean;
  sourceUrl: string | null;
}

/**
 * The knowledge base as the rest of the service sees it. Replacing the entries builds a new
 * matcher and swaps it in one assignment, so a turn never sees half an update.
 */
export class KnowledgeService {
  private matcher: Matcher;
  private intents: Intents;
  problems: LoadProblem[];
  /** The entries it was loaded with (the shipped files), kept when replaceEntries swaps them: editors' revisions lie over these. */
  readonly baseline: readonly KbEntry[];

  private constructor(entries: KbEntry[], intents: Intents, problems: LoadProblem[]) {
    this.intents = intents;
    this.matcher = new Matcher(entries, intents);
    this.problems = problems;
    this.baseline = entries;
  }

  static async load(dir: string): Promise<KnowledgeService> {
    const kb = await loadKnowledgeBase(dir);
    return new KnowledgeService(kb.entries, kb.intents, kb.problems);
  }

  static fromEntries(entries: KbEntry[], intents: Intents): KnowledgeService {
    return new KnowledgeService(entries, intents, []);
  }

  replaceEntries(entries: KbEntry[]): void {
    this.matcher = new Matcher(entries, this.intents);
  }

  get size(): number {
    return this.matcher.size;
  }

  decide(text: string, opts?: DecideOptions): Decision {
    return this.matcher.decide(text, opts);
  }

  detectLanguage(text: string): { lang: Lang; confidence: number } {
    return this.matcher.detector.detect(text);
  }

  entry(id: string): KbEntry | undefined {
    return this.matcher.entry(id);
  }

  title(id: string, lang: Lang): string {
    const e = this.matcher.entry(id);
    if (!e) return id;
    for (const l of [lang, ...CLOSEST[lang]]) {
      const t = e.translations[l];
      if (t) return t.title;
    }
    return id;
  }

  answer(id: string, lang: Lang, now: Date): AnswerText | null {
    const e = this.matcher.entry(id);
    if (!e) return null;
    for (const l of [lang, ...CLOSEST[lang]]) {
      const t = e.translations[l];
      if (t) return { text: t.answer, lang: l, translated: l !== lang, expired: isExpired(e, now), sourceUrl: e.sources[0]?.url ?? null };
    }
    return null;
  }
}
