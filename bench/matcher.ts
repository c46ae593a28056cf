import type { KbEntry } from '../src/core/knowledge.js';
import { LANGS } from '../src/core/language.js';
import type { Intents } from '../src/knowledge/intents.js';
import { Matcher } from '../src/knowledge/matcher.js';
import { percentile } from './stats.js';

/**
 * A synthetic knowledge base of `size` entries grown from the real ones: each copy keeps the
 * real entry's language and shape, with its words shuffled and mixed with words from other
 * entries, so that the vocabulary and the posting lists grow the way a larger base would.
 */
export function syntheticKb(base: KbEntry[], size: number, seed = 7): KbEntry[] {
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const words = base.flatMap((e) => LANGS.flatMap((l) => (e.translations[l]?.questions ?? []).join(' ').split(/\s+/)));
  const mix = (text: string): string =>
    text
      .split(/\s+/)
      .map((w) => (rnd() < 0.35 ? (words[Math.floor(rnd() * words.length)] ?? w) : w))
      .sort(() => rnd() - 0.5)
      .join(' ') + ` t${Math.floor(rnd() * 1e6).toString(36)}`;
  const out: KbEntry[] = [];
  for (let i = 0; i < size; i++) {
    const e = base[i % base.length];
    if (!e) break;
    if (i < base.length) {
      out.push(e);
      continue;
    }
    const translations: KbEntry['translations'] = {};
    for (const l of LANGS) {
      const t = e.translations[l];
      if (t) translations[l] = { ...t, title: mix(t.title).slice(0, 60), questions: t.questions.map(mix), keywords: t.keywords.map(mix) };
    }
    out.push({ ...e, id: `${e.id}.s${i}`, translations });
  }
  return out;
}

export interface MatcherFigures {
  entries: number;
  buildMs: number;
  p50Micros: number;
  p99Micros: number;
  maxMicros: number;
}

export function benchMatcher(base: KbEntry[], intents: Intents, size: number, questions: string[], rounds = 3): MatcherFigures {
  const entries = syntheticKb(base, size);
  const t0 = performance.now();
  const matcher = new Matcher(entries, intents);
  const buildMs = performance.now() - t0;
  for (const q of questions) matcher.decide(q); // warm-up: first sight of each word fills the correction cache
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = process.hrtime.bigint();
      matcher.decide(q);
      times.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  return { entries: size, buildMs: Math.round(buildMs), p50Micros: Math.round(percentile(times, 0.5)), p99Micros: Math.round(percentile(times, 0.99)), maxMicros: Math.round(percentile(times, 1)) };
}
