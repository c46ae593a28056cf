import { describe, expect, it } from 'vitest';
import type { KbEntry } from '../../src/core/knowledge.js';
import { entryDiff, summarize } from '../../src/knowledge/entry-diff.js';
import { wordDiff } from '../../src/knowledge/text-diff.js';

const base: KbEntry = {
  id: 'czech.courses',
  topic: 'czech',
  escalate: false,
  reviewed: '2026-11-20',
  validUntil: null,
  sources: [{ url: 'https://www.example.org/', title: 'Example' }],
  translations: {
    cs: { title: 'Kurzy', questions: ['Kde jsou kurzy?', 'kurzy češtiny'], keywords: ['kurz'], answer: 'Kurzy jsou v pondělí a ve středu.' },
    uk: { title: 'Курси', questions: ['Де курси?'], keywords: [], answer: 'Курси в понеділок.', basedOn: 'aaaaaaaaaaaa' },
  },
};

describe('word diff', () => {
  it('keeps what stayed and marks what was added and removed, word by word', () => {
    expect(wordDiff('Kurzy jsou v pondělí.', 'Kurzy jsou v úterý.')).toEqual([
      { op: '=', text: 'Kurzy jsou v ' },
      { op: '-', text: 'pondělí.' },
      { op: '+', text: 'úterý.' },
    ]);
    expect(wordDiff('', 'nový text')).toEqual([{ op: '+', text: 'nový text' }]);
    expect(wordDiff('same', 'same')).toEqual([{ op: '=', text: 'same' }]);
  });

  it('rebuilds both texts from its runs', () => {
    const a = 'Пункт один.\n\n- крок перший\n- крок другий\n\nДжерело.';
    const b = 'Пункт один, змінено.\n\n- крок перший\n- новий крок\n- крок другий\n\nДжерело.';
    const ops = wordDiff(a, b);
    expect(ops.filter((o) => o.op !== '+').map((o) => o.text).join('')).toBe(a);
    expect(ops.filter((o) => o.op !== '-').map((o) => o.text).join('')).toBe(b);
  });
});

describe('entry diff and its summary', () => {
  it('names each changed field, per language', () => {
    const cs = base.translations.cs;
    const uk = base.translations.uk;
    if (!cs || !uk) throw new Error('fixture');
    const after: KbEntry = {
      ...base,
      reviewed: '2026-11-25',
      translations: { ...base.translations, cs: { ...cs, questions: [...cs.questions, 'Kurzy pro děti?'] }, uk: { ...uk, answer: 'Курси у вівторок.', basedOn: 'bbbbbbbbbbbb' } },
    };
    const diffs = entryDiff(base, after);
    expect(diffs.map((d) => d.path)).toEqual(['reviewed', 'translations.cs.questions', 'translations.uk.answer', 'translations.uk.basedOn']);
    expect(summarize(diffs)).toBe('cs: questions +1; uk: answer, checked against Czech; reviewed');
  });

  it('says when an entry, a language or a source is added or removed', () => {
    expect(summarize(entryDiff(null, base))).toBe('created');
    expect(summarize(entryDiff(base, null))).toBe('removed');
    const { uk: _uk, ...rest } = base.translations;
    const noUk: KbEntry = { ...base, translations: rest, sources: [...base.sources, { url: 'https://www.mvcr.cz/', title: 'MV' }] };
    expect(summarize(entryDiff(base, noUk))).toBe('uk: removed; sources +1');
    expect(summarize(entryDiff(noUk, base))).toBe('uk: added; sources −1');
    expect(entryDiff(base, structuredClone(base))).toEqual([]);
  });
});
