/**
 * A light suffix stripper for folded Latin tokens (see normalize.ts), shared by Czech, Ukrainian,
 * Russian and English. Czech, Ukrainian and Russian change word endings by case and number
 * ("karta, karty, kartou", "посвідка, посвідки, посвідкою"); after folding, these endings are
 * a small set of letter sequences, and stripping one of them brings the forms together. It does
 * not need to be linguistically right, only the same on both sides: the index and the question
 * go through it alike. Vietnamese syllables do not inflect and are never stripped.
 */

// Endings after folding (y/j → i, kh → h, g → h): Czech -ou/-ech/-ami/-ého, Ukrainian -ою/-ами/-ів,
// Russian -ой/-ого/-ую/-ами, adjectives and English -ing/-ed/-es. Longest first.
const SUFFIXES = [
  'iami', 'iah', 'oiu', 'eiu', 'uiu', 'aia', 'iiu', 'iia', 'ami', 'imi', 'emi', 'ich', 'ech', 'ach', 'ovi', 'evi', 'ove',
  'oho', 'eho', 'omu', 'emu', 'imu', 'iho', 'ing', 'ies', 'ah', 'ih', 'ou', 'em', 'om', 'im', 'am', 'um', 'ov', 'ev', 'iv',
  'oi', 'ei', 'ii', 'ie', 'ia', 'iu', 'oe', 'ee', 'ed', 'es', 'a', 'e', 'i', 'o', 'u', 's',
];

const BY_LENGTH: Set<string>[] = [];
for (const s of SUFFIXES) (BY_LENGTH[s.length] ??= new Set()).add(s);
const DIGIT = /\d/;

/** Keeps at least this much of a word: "kde" stays "kde", "kartami" becomes "kart". */
const MIN_STEM = 3;

export function stemWord(token: string, vietnamese = false): string {
  if (vietnamese || token.length <= MIN_STEM || DIGIT.test(token)) return token;
  const cached = STEMS.get(token);
  if (cached !== undefined) return cached;
  let stem = token;
  for (let n = Math.min(4, token.length - MIN_STEM); n >= 1; n--) {
    if (BY_LENGTH[n]?.has(token.slice(-n))) {
      stem = token.slice(0, -n);
      break;
    }
  }
  if (STEMS.size >= 100_000) STEMS.clear();
  STEMS.set(token, stem);
  return stem;
}

const STEMS = new Map<string, string>();
