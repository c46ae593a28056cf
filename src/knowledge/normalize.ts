import { stemWord } from './stemmer.js';

/**
 * Folding text to one comparable form, so that a question typed without diacritics, with Czech
 * words inside Ukrainian, or Ukrainian/Russian in Latin letters meets the same terms as the
 * knowledge base. The fold is lossy on purpose: it only has to be the same on both sides.
 */

// One transliteration for Ukrainian and Russian, close to how people type them in Latin letters.
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ё: 'e', ж: 'zh', з: 'z', и: 'y',
  і: 'i', ї: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't',
  у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e',
  ю: 'iu', я: 'ia', "'": '', '’': '', 'ʼ': '',
};

const CYRILLIC_RE = /[а-яёіїєґ'’ʼ]/g;
const HAS_CYRILLIC = /[а-яёіїєґ'’ʼ]/;
const NON_ASCII = /[^\u0000-\u007f]/;
const MARKS = /[\u0300-\u036f]/g;

/** Lower case, Cyrillic transliterated, diacritics removed: "Посвідка" → "posvidka", "Trvalý" → "trvaly". */
export function toLatin(text: string): string {
  let s = text.toLowerCase();
  // Plain ASCII (most English and much typed-without-diacritics text) needs nothing more.
  if (!NON_ASCII.test(s)) return s.includes("'") ? s.replace(/'/g, '') : s;
  s = s.normalize('NFKC');
  if (HAS_CYRILLIC.test(s)) s = s.replace(CYRILLIC_RE, (ch) => CYRILLIC[ch] ?? ch);
  return s.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').replace(/ł/g, 'l').replace(/ß/g, 'ss');
}

/**
 * Folds spelling variants of one sound to one letter sequence: y/j/i, kh/h, g/h (Ukrainian г
 * is h, Russian г is g), ts/c, w/v, doubled letters. Applied to single ASCII tokens.
 */
export function foldToken(token: string): string {
  const cached = FOLDED.get(token);
  if (cached !== undefined) return cached;
  const folded = token
    .replace(/shch|sch/g, 'sh')
    .replace(/kh/g, 'h')
    .replace(/(?<!n)g/g, 'h')
    .replace(/ts/g, 'c')
    .replace(/tz/g, 'c')
    .replace(/w/g, 'v')
    .replace(/[yj]/g, 'i')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/(.)\1+/g, '$1');
  // Words repeat (in the knowledge base and in questions): folding each once keeps building the
  // index and deciding cheap. Cleared when full, so odd input cannot grow it without bound.
  if (FOLDED.size >= FOLD_CACHE) FOLDED.clear();
  FOLDED.set(token, folded);
  return folded;
}

const FOLDED = new Map<string, string>();
const FOLD_CACHE = 100_000;
const TOKEN_RE = /[a-z0-9]+/g;

/** Tokens of a text after transliteration and folding. */
export function tokens(text: string): string[] {
  return latinTokens(toLatin(text));
}

/** tokens() of a text already passed through toLatin (a long text is transliterated once). */
export function latinTokens(latin: string): string[] {
  const out: string[] = [];
  for (const m of latin.matchAll(TOKEN_RE)) out.push(foldToken(m[0]));
  return out;
}

/**
 * The stem of a folded token: Czech, Ukrainian, Russian and English endings stripped
 * ("pobytem" → "pobit"; see stemmer.ts). Vietnamese syllables are kept by stemWord(t, true).
 */
export function stem(token: string): string {
  return stemWord(token);
}

const DIGIT = /\d/;
const SENTENCE = /[.?!;\n]+/;

/** A text as sentences of folded tokens: transliterated once, split where a bigram must not span. */
export function sentencesOf(text: string): string[][] {
  return toLatin(text).split(SENTENCE).map(latinTokens);
}

/** Stems of a text's words ("pobytem" → "pobit"); numbers are kept, single letters dropped. */
export function stemsOf(text: string, vietnamese = false): string[] {
  return tokens(text)
    .filter((t) => t.length >= 2 || DIGIT.test(t))
    .map((t) => stemWord(t, vietnamese));
}

/** Strips what a chat message may carry that no answer needs: control characters, odd spaces. */
export function cleanText(text: string, maxLength: number): string {
  const cleaned = text
    // Lone surrogates (broken emoji, invalid UTF-16) carry nothing readable: drop them.
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g, '')
    .replace(/\r\n?/g, '\n')
    .trim();
  // Cut by code points so that an emoji is never split into a lone surrogate.
  return cleaned.length > maxLength ? Array.from(cleaned).slice(0, maxLength).join('') : cleaned;
}
