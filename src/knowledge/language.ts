import { LANGS, type Lang } from '../core/language.js';
import { tokens } from './normalize.js';

/**
 * Language detection for short chat messages. Letters that belong to one language decide first
 * (ř, ě, ů → Czech; ơ, ư, ă → Vietnamese; і, ї, є → Ukrainian; ы, э, ъ → Russian). Otherwise a
 * character-trigram model over the folded text, trained on the knowledge base itself, decides:
 * folding makes Ukrainian or Russian typed in Latin letters look like the folded Cyrillic they
 * were trained on, and Czech without diacritics like folded Czech.
 */
export interface LanguageGuess {
  lang: Lang;
  /** 0..1: how sure; short or ambiguous messages score low, and the caller may keep the previous language. */
  confidence: number;
}

// â, ê and ô alone are not decisive: Slovak has ô ("môžem"), French and Portuguese have all three.
const VI_MARKS = /[ơưăđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const CS_MARKS = /[řěůťďň]/i;
const CS_SK_MARKS = /[čšžýáíéúäôľĺŕ]/i;
const UK_LETTERS = /[іїєґ]/i;
const RU_LETTERS = /[ыэъё]/i;
const CYRILLIC = /[\u0400-\u04ff]/g;
const LATIN = /[a-z\u00c0-\u024f\u1e00-\u1eff]/gi;

/** Enough text to learn a language's letter patterns; more only costs time at start-up. */
const MAX_CHARS = 300_000;
const SMOOTHING = 0.1;
const CYRILLIC_WORD = /[\u0400-\u04ff'’ʼ]+/g;

/** Cyrillic words as typed, lower case: "добрий" and "добрый" differ here, not once folded. */
function cyrillicWords(text: string): string[] {
  return text.toLowerCase().match(CYRILLIC_WORD) ?? [];
}

/** Character trigrams of words, counted per language; per trigram one vector of log-probabilities. */
class TrigramModel {
  private readonly table = new Map<string, Float64Array>();
  private readonly unseen = new Float64Array(LANGS.length);
  private readonly trained: boolean[] = [];

  constructor(corpora: Partial<Record<Lang, string[]>>, split: (text: string) => string[]) {
    const counts = LANGS.map(() => new Map<string, number>());
    const sums = LANGS.map(() => 0);
    LANGS.forEach((lang, li) => {
      const c = counts[li] ?? new Map<string, number>();
      let chars = 0;
      for (const text of corpora[lang] ?? []) {
        if (chars >= MAX_CHARS) break;
        chars += text.length;
        for (const g of trigrams(split(text))) {
          c.set(g, (c.get(g) ?? 0) + 1);
          sums[li] = (sums[li] ?? 0) + 1;
        }
      }
    });
    const denom = counts.map((c, li) => (sums[li] ?? 0) + SMOOTHING * (c.size + 1));
    LANGS.forEach((_, li) => {
      this.unseen[li] = Math.log(SMOOTHING / (denom[li] ?? 1));
      this.trained[li] = (sums[li] ?? 0) > 0;
    });
    for (const c of counts) {
      for (const g of c.keys()) {
        if (this.table.has(g)) continue;
        this.table.set(g, Float64Array.from(LANGS, (_, li) => Math.log(((counts[li]?.get(g) ?? 0) + SMOOTHING) / (denom[li] ?? 1))));
      }
    }
  }

  rank(words: readonly string[], langs: readonly Lang[]): LanguageGuess {
    const grams = trigrams(words);
    const idx = langs.map((l) => LANGS.indexOf(l)).filter((i) => this.trained[i]);
    if (grams.length === 0 || idx.length === 0) return { lang: langs[0] ?? 'en', confidence: 0 };
    const scores = idx.map(() => 0);
    for (const g of grams) {
      const v = this.table.get(g) ?? this.unseen;
      for (let k = 0; k < idx.length; k++) scores[k] = (scores[k] ?? 0) + (v[idx[k] ?? 0] ?? 0);
    }
    let best = 0;
    for (let k = 1; k < idx.length; k++) if ((scores[k] ?? 0) > (scores[best] ?? 0)) best = k;
    let second = -Infinity;
    for (let k = 0; k < idx.length; k++) if (k !== best) second = Math.max(second, scores[k] ?? 0);
    // Per-trigram log-likelihood margin, squashed to 0..1; more text makes the same margin surer.
    const margin = Number.isFinite(second) ? ((scores[best] ?? 0) - second) / grams.length : 1;
    const confidence = 1 - Math.exp(-margin * Math.sqrt(grams.length) * 1.5);
    return { lang: LANGS[idx[best] ?? 0] ?? 'en', confidence: Math.max(0, Math.min(1, confidence)) };
  }
}

export class LanguageDetector {
  /** Over folded text: Ukrainian typed in Latin letters looks like folded Ukrainian. */
  private readonly folded: TrigramModel;
  /** Over Cyrillic as written, for Ukrainian against Russian without a letter that decides. */
  private readonly cyrillic: TrigramModel;

  constructor(corpora: Partial<Record<Lang, string[]>>) {
    this.folded = new TrigramModel(corpora, tokens);
    this.cyrillic = new TrigramModel({ uk: corpora.uk ?? [], ru: corpora.ru ?? [] }, cyrillicWords);
  }

  detect(text: string): LanguageGuess {
    return this.detectTokens(text, tokens(text));
  }

  /** detect() for a text already split into folded tokens (the matcher tokenizes once). */
  detectTokens(text: string, words: readonly string[]): LanguageGuess {
    const cyr = (text.match(CYRILLIC) ?? []).length;
    const lat = (text.match(LATIN) ?? []).length;
    if (cyr === 0 && lat === 0) return { lang: 'en', confidence: 0 };
    if (cyr > lat) {
      const uk = UK_LETTERS.test(text);
      const ru = RU_LETTERS.test(text);
      if (uk && !ru) return { lang: 'uk', confidence: 0.95 };
      if (ru && !uk) return { lang: 'ru', confidence: 0.95 };
      return this.cyrillic.rank(cyrillicWords(text), ['uk', 'ru']);
    }
    if (VI_MARKS.test(text)) return { lang: 'vi', confidence: 0.95 };
    if (CS_MARKS.test(text)) return { lang: 'cs', confidence: 0.95 };
    const guess = this.folded.rank(words, LANGS);
    // Czech (and Slovak) letters settle a close call between Czech and the rest.
    if (CS_SK_MARKS.test(text) && guess.lang !== 'cs' && guess.confidence < 0.6) return { lang: 'cs', confidence: 0.7 };
    return guess;
  }
}

function trigrams(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of words) {
    const padded = ` ${t} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  }
  return out;
}
