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

/** Lower case, Cyrillic transliterated, diacritics removed: "Посвідка" → "posvidka", "Trvalý" → "trvaly". */
export function toLatin(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(CYRILLIC_RE, (ch) => CYRILLIC[ch] ?? ch)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/ł/g, 'l')
    .replace(/ß/g, 'ss');
}

/**
 * Folds spelling variants of one sound to one letter sequence: y/j/i, kh/h, g/h (Ukrainian г
 * is h, Russian г is g), ts/c, w/v, doubled letters. Applied to single ASCII tokens.
 */
export function foldToken(token: string): string {
  return token
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
}

const TOKEN_RE = /[a-z0-9]+/g;

/** Tokens of a text after transliteration and folding. */
export function tokens(text: string): string[] {
  const latin = toLatin(text);
  const out: string[] = [];
  for (const m of latin.matchAll(TOKEN_RE)) out.push(foldToken(m[0]));
  return out;
}

const VOWEL_END = /[aeiou]$/;

/**
 * A crude stem that copes with Slavic inflection and English suffixes: the first six letters of a
 * long word, a short word without its final vowel ("pobytu" → "pobyt", "karty" → "kart").
 */
export function stem(token: string): string {
  if (token.length > 6) return token.slice(0, 6);
  if (token.length >= 4 && VOWEL_END.test(token)) return token.slice(0, -1);
  return token;
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
