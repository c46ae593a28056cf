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

const VI_MARKS = /[ơưăâêôđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const CS_MARKS = /[řěůťďň]/i;
const CS_SK_MARKS = /[čšžýáíéúäôľĺŕ]/i;
const UK_LETTERS = /[іїєґ]/i;
const RU_LETTERS = /[ыэъё]/i;
const CYRILLIC = /[\u0400-\u04ff]/g;
const LATIN = /[a-z\u00c0-\u024f\u1e00-\u1eff]/gi;

type Model = Map<string, number>;

export class LanguageDetector {
  private readonly models = new Map<Lang, { counts: Model; total: number; vocab: number }>();

  constructor(corpora: Partial<Record<Lang, string[]>>) {
    for (const lang of LANGS) {
      const counts: Model = new Map();
      let total = 0;
      for (const text of corpora[lang] ?? []) {
        for (const g of trigrams(text)) {
          counts.set(g, (counts.get(g) ?? 0) + 1);
          total++;
        }
      }
      this.models.set(lang, { counts, total, vocab: counts.size + 1 });
    }
  }

  detect(text: string): LanguageGuess {
    const cyr = (text.match(CYRILLIC) ?? []).length;
    const lat = (text.match(LATIN) ?? []).length;
    if (cyr === 0 && lat === 0) return { lang: 'en', confidence: 0 };
    if (cyr > lat) {
      const uk = UK_LETTERS.test(text);
      const ru = RU_LETTERS.test(text);
      if (uk && !ru) return { lang: 'uk', confidence: 0.95 };
      if (ru && !uk) return { lang: 'ru', confidence: 0.95 };
      return this.rank(text, ['uk', 'ru']);
    }
    if (VI_MARKS.test(text)) return { lang: 'vi', confidence: 0.95 };
    if (CS_MARKS.test(text)) return { lang: 'cs', confidence: 0.95 };
    const guess = this.rank(text, LANGS);
    // Czech (and Slovak) letters settle a close call between Czech and the rest.
    if (CS_SK_MARKS.test(text) && guess.lang !== 'cs' && guess.confidence < 0.6) return { lang: 'cs', confidence: 0.7 };
    return guess;
  }

  private rank(text: string, langs: readonly Lang[]): LanguageGuess {
    const grams = trigrams(text);
    if (grams.length === 0) return { lang: langs[0] ?? 'en', confidence: 0 };
    const scores: { lang: Lang; score: number }[] = [];
    for (const lang of langs) {
      const m = this.models.get(lang);
      if (!m || m.total === 0) continue;
      let s = 0;
      for (const g of grams) s += Math.log(((m.counts.get(g) ?? 0) + 0.1) / (m.total + 0.1 * m.vocab));
      scores.push({ lang, score: s / grams.length });
    }
    scores.sort((a, b) => b.score - a.score);
    const [best, second] = scores;
    if (!best) return { lang: langs[0] ?? 'en', confidence: 0 };
    // Per-trigram log-likelihood margin, squashed to 0..1; more text makes the same margin surer.
    const margin = second ? best.score - second.score : 1;
    const confidence = 1 - Math.exp(-margin * Math.sqrt(grams.length) * 1.5);
    return { lang: best.lang, confidence: Math.max(0, Math.min(1, confidence)) };
  }
}

function trigrams(text: string): string[] {
  const out: string[] = [];
  for (const t of tokens(text)) {
    const padded = ` ${t} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  }
  return out;
}
