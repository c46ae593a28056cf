/** The five languages the knowledge base and the bot's own phrases are complete in. */
export const LANGS = ['cs', 'en', 'uk', 'ru', 'vi'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * Which language to fall back to when an entry lacks the asked one: a Ukrainian speaker
 * reads Russian more easily than English, a Slovak reads Czech, and so on.
 */
export const CLOSEST: Record<Lang, readonly Lang[]> = {
  cs: ['en', 'uk', 'ru', 'vi'],
  en: ['cs', 'uk', 'ru', 'vi'],
  uk: ['ru', 'en', 'cs', 'vi'],
  ru: ['uk', 'en', 'cs', 'vi'],
  vi: ['en', 'cs', 'uk', 'ru'],
};

/** Maps a BCP 47 tag from a platform ("uk-UA", "sk", "be") onto one of ours, or null. */
export function langFromTag(tag: string | undefined | null): Lang | null {
  if (!tag) return null;
  const base = tag.toLowerCase().split(/[-_]/)[0] ?? '';
  if (isLang(base)) return base;
  if (base === 'sk') return 'cs';
  if (base === 'be' || base === 'kk' || base === 'ky' || base === 'uz' || base === 'tg') return 'ru';
  return null;
}
