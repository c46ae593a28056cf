import type { Lang } from '../../core/language.js';
import { fill, lookup, type Strings, type UiLang } from './strings.js';
import type { ConversationSummary } from './types.js';

/** "4 min", "2 h 5 min", "3 days": how long someone has been waiting, in the inbox's language. */
export function duration(seconds: number, lang: UiLang): string {
  const unit = (n: number, u: 'minute' | 'hour' | 'day'): string => new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: u === 'day' ? 'long' : 'short' }).format(n);
  const m = Math.floor(seconds / 60);
  if (m < 60) return unit(Math.max(m, 0), 'minute');
  const hrs = Math.floor(m / 60);
  if (hrs < 24) return m % 60 === 0 ? unit(hrs, 'hour') : `${unit(hrs, 'hour')} ${unit(m % 60, 'minute')}`;
  return unit(Math.floor(hrs / 24), 'day');
}

/** The time of a message; the date too when it was not today. */
export function clock(iso: string, lang: UiLang): string {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return d.toLocaleString(lang === 'cs' ? 'cs-CZ' : 'en-GB', today ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function langName(s: Strings, lang: Lang | null): string {
  return lang ? lookup(s, 'lang', lang) : s['lang.unknown'];
}

export function teamName(s: Strings, team: string | null): string {
  return team ? lookup(s, 'team', team) : '—';
}

/** One line naming a conversation for people: channel, language, team. */
export function describe(s: Strings, c: Pick<ConversationSummary, 'channel' | 'lang' | 'team'>): string {
  return [lookup(s, 'channel', c.channel), langName(s, c.lang), teamName(s, c.team)].join(' · ');
}

/** Seconds waited now, from what the server said when the list was read. */
export function waitedNow(c: ConversationSummary, readAt: number): number {
  return c.status === 'waiting' ? c.waitingSeconds + Math.round((Date.now() - readAt) / 1000) : 0;
}

export function waitingLabel(s: Strings, c: ConversationSummary, readAt: number, lang: UiLang): string {
  return fill(s.waitingFor, { time: duration(waitedNow(c, readAt), lang) });
}
