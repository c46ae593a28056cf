import { beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../src/core/language.js';
import { LanguageDetector } from '../../src/knowledge/language.js';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';
import { Matcher } from '../../src/knowledge/matcher.js';

/** Language detection on short chat messages, trained on the shipped knowledge base. */
let detector: LanguageDetector;
let matcher: Matcher;

beforeAll(async () => {
  const kb = await loadKnowledgeBase(new URL('../../knowledge-base/', import.meta.url).pathname);
  matcher = new Matcher(kb.entries, kb.intents);
  detector = matcher.detector;
});

const cases: [string, Lang, string][] = [
  ['kde si muzu prodlouzit povoleni k pobytu', 'cs', 'Czech without diacritics'],
  ['Kde si můžu prodloužit povolení k pobytu?', 'cs', 'Czech'],
  ['cho em hoi lam the tam tru o dau', 'vi', 'Vietnamese without tone marks'],
  ['xin chào, em muốn hỏi về thẻ cư trú', 'vi', 'Vietnamese'],
  ['yak prodovzhyty tymchasovyi zakhyst', 'uk', 'Ukrainian in Latin letters'],
  ['kak prodlit vid na zhitelstvo', 'ru', 'Russian in Latin letters'],
  ['де подати заяву на trvalý pobyt?', 'uk', 'Ukrainian with Czech words'],
  ['де можна зробити переклад документу', 'uk', 'Ukrainian without і, ї, є, ґ'],
  ['где можно сделать перевод документа', 'ru', 'Russian without ы, э, ъ, ё'],
  ['Ako si môžem predĺžiť pobyt v Česku?', 'cs', 'Slovak is answered in Czech'],
  ['How do I extend my residence permit?', 'en', 'English'],
];

describe('LanguageDetector', () => {
  it.each(cases)('%s → %s (%s)', (text, lang) => {
    expect(detector.detect(text).lang).toBe(lang);
  });

  it('tells Ukrainian and Russian apart by their own letters', () => {
    expect(detector.detect('Чи потрібна віза?').lang).toBe('uk');
    expect(detector.detect('Нужна ли виза? Объясните').lang).toBe('ru');
  });

  it('is unsure on a message too short to tell, and the conversation language is kept', () => {
    expect(detector.detect('ok').confidence).toBeLessThan(0.35);
    expect(matcher.decide('ok', { hint: 'uk' }).lang).toBe('uk');
    expect(matcher.decide('112', { hint: 'vi' }).lang).toBe('vi');
  });

  it('works without a trained model and on text with no letters', () => {
    const empty = new LanguageDetector({});
    expect(empty.detect('dobrý den').lang).toBe('cs');
    expect(empty.detect('hello').lang).toBeTypeOf('string');
    expect(detector.detect('12345 !!!')).toEqual({ lang: 'en', confidence: 0 });
  });
});
