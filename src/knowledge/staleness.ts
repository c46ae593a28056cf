import { createHash } from 'node:crypto';
import type { KbEntry } from '../core/knowledge.js';
import { LANGS, type Lang } from '../core/language.js';

/** Hash of the Czech reference text; a translation whose `basedOn` differs was made from older Czech. */
export function czechHash(entry: KbEntry): string | null {
  const cs = entry.translations.cs;
  if (!cs) return null;
  return createHash('sha256').update(`${cs.title}\n${cs.answer}`).digest('hex').slice(0, 12);
}

export function staleLanguages(entry: KbEntry): Lang[] {
  const hash = czechHash(entry);
  if (!hash) return [];
  return LANGS.filter((l) => l !== 'cs' && entry.translations[l] !== undefined && entry.translations[l]?.basedOn !== hash);
}

/** Marks every present translation as following the current Czech text (after a translator checked it). */
export function stamp(entry: KbEntry, langs: readonly Lang[] = LANGS): KbEntry {
  const hash = czechHash(entry);
  if (!hash) return entry;
  const translations = { ...entry.translations };
  for (const l of langs) {
    const t = translations[l];
    if (l !== 'cs' && t) translations[l] = { ...t, basedOn: hash };
  }
  return { ...entry, translations };
}

export function isExpired(entry: KbEntry, now: Date): boolean {
  return entry.validUntil !== null && entry.validUntil < now.toISOString().slice(0, 10);
}
