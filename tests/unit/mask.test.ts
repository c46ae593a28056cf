import { describe, expect, it } from 'vitest';
import { hasPersonalData, maskDeep, maskText } from '../../src/core/mask.js';

describe('maskText', () => {
  it.each([
    ['Napište mi na olena.kovalenko+cz@seznam.cz prosím', 'Napište mi na [e-mail] prosím'],
    ['пишіть на олена@пошта.укр', 'пишіть на [e-mail]'],
    ['Moje číslo je +420 602 123 456.', 'Moje číslo je [phone].'],
    ['call 00380 (67) 123-45-67 after 5', 'call [phone] after 5'],
    ['tel. 602123456', 'tel. [number]'],
    ['volejte 602 123 456 nebo 777-12-34-56', 'volejte [phone] nebo [phone]'],
    ['rodné číslo 855312/1234', 'rodné číslo [birth number]'],
    ['RČ 855312 / 123', 'RČ [birth number]'],
    ['passport FA123456, card EB 1234567', 'passport [document], card [document]'],
    ['hộ chiếu C1234567', 'hộ chiếu [document]'],
    ['cestovní pas 41234567', 'cestovní pas [number]'],
    ['účet 19-2000145399/0800', 'účet [number]/0800'],
  ])('masks %s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  it.each([
    'Kdy je otevřeno? Po-pá 09:00-16:00, od 20.11.2026',
    'termín 2026-11-20, poplatek 2 500 Kč, 1 000 000 lidí',
    'zákon 326/1999 Sb., § 42',
    'Covid19 and 112 or 155',
    'Jak získat trvalý pobyt po 5 letech?',
  ])('leaves ordinary text alone: %s', (input) => {
    expect(maskText(input)).toBe(input);
    expect(hasPersonalData(input)).toBe(false);
  });

  it('masks every string of a structured value, errors included, without touching the input', () => {
    const input = { conversation: 'telegram:1', err: new Error('403 for +420 777 123 456'), nested: { list: ['a@b.cz', 3] } };
    expect(maskDeep(input)).toEqual({ conversation: 'telegram:1', err: { name: 'Error', message: '403 for [phone]' }, nested: { list: ['[e-mail]', 3] } });
    expect(input.nested.list[0]).toBe('a@b.cz');
  });
});
