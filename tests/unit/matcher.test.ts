import { beforeAll, describe, expect, it } from 'vitest';
import { LANGS } from '../../src/core/language.js';
import type { Intents } from '../../src/knowledge/intents.js';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';
import { Matcher } from '../../src/knowledge/matcher.js';

/** Decisions on the shipped knowledge base: how people really write, and what must never happen. */
let matcher: Matcher;
let intents: Intents;

beforeAll(async () => {
  const kb = await loadKnowledgeBase(new URL('../../knowledge-base/', import.meta.url).pathname);
  intents = kb.intents;
  matcher = new Matcher(kb.entries, kb.intents);
});

describe('Matcher: answers', () => {
  it.each([
    ['I lost my residence card', 'residence.lost-document', 'en'],
    ['ztratil jsem pas', 'residence.lost-document', 'cs'],
    ['em bị mất thẻ cư trú', 'residence.lost-document', 'vi'],
    ['потерял паспорт что делать', 'residence.lost-document', 'ru'],
    ['скільки коштує іспит з чеської для постійного проживання', 'czech.exam-permanent', 'uk'],
  ] as const)('%s → %s', (text, entry, lang) => {
    expect(matcher.decide(text)).toMatchObject({ action: 'answer', entry, lang });
  });

  it('survives typos', () => {
    expect(matcher.decide('permanant residence requirments')).toMatchObject({ action: 'answer', entry: 'residence.permanent' });
    expect(matcher.decide('kde si muzu prodlouzit povolenı k pobytu')).toMatchObject({ entry: 'residence.extension' });
  });

  it('survives inflection (Czech, Ukrainian and Russian endings)', () => {
    expect(matcher.decide('jak dlouho se čeká na zaměstnaneckou kartu')).toMatchObject({ action: 'answer', entry: 'residence.employee-card' });
    expect(matcher.decide('zaměstnaneckou kartou můžu změnit zaměstnavatele?')).toMatchObject({ action: 'answer', entry: 'residence.employee-card' });
    expect(matcher.decide('сколько стоит экзамен по чешскому для ПМЖ')).toMatchObject({ action: 'answer', entry: 'czech.exam-permanent' });
  });

  it('reads Ukrainian typed in Latin letters and Ukrainian with Czech words', () => {
    expect(matcher.decide('yak prodovzhyty tymchasovyi zakhyst')).toMatchObject({ action: 'answer', entry: 'ukraine.temporary-protection', lang: 'uk' });
    expect(matcher.decide('де подати заяву на trvalý pobyt?')).toMatchObject({ action: 'answer', entry: 'residence.permanent', lang: 'uk' });
  });

  it('answers an entry\'s own question as written, in any language', () => {
    const m = matcher.entry('residence.permanent');
    for (const l of LANGS) {
      const q = m?.translations[l]?.questions[0] ?? '';
      expect(matcher.decide(q)).toMatchObject({ action: 'answer', entry: 'residence.permanent' });
    }
  });

  it('offers two or three candidates when unsure', () => {
    const d = matcher.decide('kak prodlit vid na zhitelstvo');
    if (d.action === 'clarify') {
      expect(d.candidates.length).toBeGreaterThanOrEqual(2);
      expect(d.candidates.length).toBeLessThanOrEqual(3);
      expect(d.entry).toBeNull();
    } else expect(d).toMatchObject({ action: 'answer', entry: 'residence.extension' });
  });
});

describe('Matcher: people, crisis, small talk', () => {
  it('recognises every request for a person in human.yaml, in five languages', () => {
    for (const l of LANGS) {
      for (const ex of intents.human.examples[l]) expect(matcher.decide(ex), `${l}: ${ex}`).toMatchObject({ action: 'escalate', entry: null });
    }
  });

  it('escalates a crisis with the immediate help of the matching entry', () => {
    for (const text of ['my husband beats me and I am afraid', 'мій чоловік б\'є мене', 'chồng đánh em, em phải làm sao', 'vzali mi pas a nedávají výplatu']) {
      expect(matcher.decide(text), text).toMatchObject({ action: 'escalate', crisis: true });
    }
    expect(matcher.decide('мій чоловік б\'є мене').entry).toBe('social.violence');
  });

  it.each([
    ['Dobrý den', 'greeting'],
    ['dobry den', 'greeting'],
    ['добрий день', 'greeting'],
    ['здравствуйте!', 'greeting'],
    ['chào anh', 'greeting'],
    ['hi, how are you?', 'greeting'],
    ['дякую за допомогу!', 'thanks'],
    ['diakuiu', 'thanks'],
    ['thanks, bye', 'thanks'],
    ['bye, see you', 'bye'],
    ['cám ơn ạ', 'thanks'],
  ] as const)('%s is small talk (%s)', (text, kind) => {
    expect(matcher.decide(text)).toMatchObject({ action: 'smalltalk', smalltalk: kind });
  });
});

describe('Matcher: out of scope falls back', () => {
  it.each([
    'what does a blue card mean in football',
    'žlutá karta ve fotbale, co to znamená?',
    'how do I apply for a US green card',
    'thẻ xanh Mỹ làm thế nào',
    'what will the weather be in Prague tomorrow',
    'яка буде погода у Брні в суботу',
    'recipe for apple pie',
  ])('%s', (text) => {
    expect(matcher.decide(text).action).toBe('fallback');
  });

  it('never answers gibberish', () => {
    expect(matcher.decide('qwzx vbnm plokij').action).toBe('fallback');
  });
});

describe('Matcher: never throws on garbage', () => {
  const garbage = [
    '',
    '   ',
    '💩💩💩 🙏',
    'مرحبا كيف حالك؟ أريد تجديد الإقامة',
    'שלום, אני צריך עזרה',
    '\u0000\u0007\u001b[31mred\u001b[0m\u202e\u200b',
    '\ud800 lone surrogate \udfff',
    'ａｂｃ ﬁ Ⅻ ǅ',
    '?!.,;:-–—…',
    'a'.repeat(10_000),
    'pobyt '.repeat(2_000),
    Array.from({ length: 2_000 }, (_, i) => `slovo${i}`).join(' '),
  ];
  it.each(garbage.map((g) => [g.slice(0, 30), g]))('%s', (_, text) => {
    const d = matcher.decide(text);
    expect(['answer', 'clarify', 'escalate', 'fallback', 'smalltalk']).toContain(d.action);
    expect(LANGS).toContain(d.lang);
    expect(Number.isFinite(d.score)).toBe(true);
    expect(Array.isArray(d.candidates)).toBe(true);
  });
});
