/**
 * Tuning aid for the matcher's thresholds that does not look at the evaluation sample: k-fold over
 * the knowledge base's own question variants (each fold's questions are removed from the index and
 * asked, degraded the way people type: no diacritics, Latin letters for Cyrillic, typos, personal
 * context around the question), and the out-of-scope examples likewise. Prints the outcome for a
 * grid of thresholds. Run: npx tsx scripts/tune-matcher.ts
 */
import type { KbEntry } from '../src/core/knowledge.js';
import { LANGS, type Lang } from '../src/core/language.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { DEFAULT_TUNING, Matcher, type MatcherTuning } from '../src/knowledge/matcher.js';
import { toLatin } from '../src/knowledge/normalize.js';
import type { Intents } from '../src/knowledge/intents.js';

const FOLDS = 5;
let seed = 42;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const CONTEXT: Record<Lang, string[]> = {
  cs: ['Dobrý den, jsem tady s rodinou druhým rokem a nevím si rady.', 'Ahoj, kamarádka mi poradila napsat sem.'],
  en: ['Hi, I moved here last year with my family and I am a bit lost.', 'Hello, a friend told me to ask you.'],
  uk: ['Добрий день, ми з родиною тут другий рік і я не знаю що робити.', 'Привіт, подруга порадила написати сюди.'],
  ru: ['Здравствуйте, мы с семьёй здесь второй год и я не знаю что делать.', 'Привет, подруга посоветовала написать сюда.'],
  vi: ['Chào anh chị, em sang đây được hai năm rồi mà vẫn chưa rõ.', 'Chào ad, bạn em bảo hỏi ở đây.'],
};

function typo(s: string): string {
  const words = s.split(' ');
  const i = Math.floor(rand() * words.length);
  const w = words[i] ?? '';
  if (w.length > 4) {
    const j = 1 + Math.floor(rand() * (w.length - 2));
    words[i] = rand() < 0.5 ? w.slice(0, j) + w.slice(j + 1) : w.slice(0, j) + (w[j + 1] ?? '') + (w[j] ?? '') + w.slice(j + 2);
  }
  return words.join(' ');
}

function degrade(q: string, lang: Lang): string {
  let s = q;
  const r = rand();
  if (lang === 'uk' || lang === 'ru') s = r < 0.25 ? toLatin(s) : s;
  else if (lang !== 'en' && r < 0.5) s = toLatin(s);
  if (rand() < 0.5) s = typo(s);
  if (rand() < 0.3) s = `${CONTEXT[lang][Math.floor(rand() * 2)] ?? ''} ${s}`;
  if (rand() < 0.5) s = s.toLowerCase();
  return s;
}

interface Case { text: string; lang: Lang; expect: string }

function fold(entries: KbEntry[], intents: Intents, k: number): { entries: KbEntry[]; intents: Intents; cases: Case[] } {
  const cases: Case[] = [];
  const kept = entries.map((e) => {
    const translations: KbEntry['translations'] = {};
    for (const l of LANGS) {
      const t = e.translations[l];
      if (!t) continue;
      const keep = t.questions.filter((_, i) => i % FOLDS !== k);
      for (const q of t.questions.filter((_, i) => i % FOLDS === k)) cases.push({ text: degrade(q, l), lang: l, expect: e.id });
      translations[l] = { ...t, questions: keep.length ? keep : t.questions.slice(0, 1) };
    }
    return { ...e, translations };
  });
  const oos = { ...intents.outOfScope };
  for (const l of LANGS) {
    oos[l] = intents.outOfScope[l].filter((_, i) => i % FOLDS !== k);
    for (const q of intents.outOfScope[l].filter((_, i) => i % FOLDS === k)) cases.push({ text: degrade(q, l), lang: l, expect: 'out-of-scope' });
  }
  return { entries: kept, intents: { ...intents, outOfScope: oos }, cases };
}

const kb = await loadKnowledgeBase(new URL('../knowledge-base/', import.meta.url).pathname);
const folds = Array.from({ length: FOLDS }, (_, k) => fold(kb.entries, kb.intents, k));
const grid: MatcherTuning[] = [];
for (const answerCoverage of [0.2, 0.25, 0.3]) for (const clarifyCoverage of [0.1, 0.14]) for (const leadRatio of [0.7, 0.8, 0.9]) for (const oosRatio of [0.85, 0.95])
  grid.push({ ...DEFAULT_TUNING, answerCoverage, clarifyCoverage, leadRatio, oosRatio });
grid.unshift(DEFAULT_TUNING);
for (const tuning of grid) {
  let top = 0, wrong = 0, clar = 0, n = 0, oos = 0, oosOk = 0, lang = 0;
  for (const f of folds) {
    const m = new Matcher(f.entries, f.intents, tuning);
    for (const c of f.cases) {
      const d = m.decide(c.text);
      if (d.lang === c.lang) lang++;
      if (c.expect === 'out-of-scope') {
        oos++;
        if (d.action === 'fallback') oosOk++;
        continue;
      }
      n++;
      if (d.entry === c.expect && (d.action === 'answer' || d.action === 'escalate')) top++;
      else if ((d.action === 'answer' || d.action === 'escalate') && d.entry) wrong++;
      else if (d.action === 'clarify' && d.candidates.some((x) => x.entry === c.expect)) clar++;
    }
  }
  const pc = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;
  console.log(JSON.stringify(tuning), `top1 ${pc(top, n)} wrong ${pc(wrong, n)} clarify-hit ${pc(clar, n)} oos-fallback ${pc(oosOk, oos)} lang ${pc(lang, n + oos)} (n=${n}, oos=${oos})`);
}
