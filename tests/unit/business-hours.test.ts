import { describe, expect, it } from 'vitest';
import { BusinessHours, czechHolidays } from '../../src/handoff/business-hours.js';
import { parseHours } from '../../src/handoff/settings.js';

const hours = new BusinessHours({ timezone: 'Europe/Prague', hours: parseHours('mon-thu 08:00-16:00; fri 08:00-14:00') ?? [], closedDays: ['2026-12-31'] });

describe('business hours in Europe/Prague', () => {
  it('knows Czech public holidays, Easter included', () => {
    expect(czechHolidays(2026)).toEqual(expect.arrayContaining(['2026-01-01', '2026-04-03', '2026-04-06', '2026-07-06', '2026-12-24']));
    expect(czechHolidays(2027)).toEqual(expect.arrayContaining(['2027-03-26', '2027-03-29']));
  });

  it('is open on a weekday afternoon in Prague time, whatever the server clock zone', () => {
    expect(hours.isOpen(new Date('2026-11-26T14:30:00Z'))).toBe(true); // Thu 15:30 CET
    expect(hours.isOpen(new Date('2026-11-26T15:30:00Z'))).toBe(false); // Thu 16:30 CET
    expect(hours.isOpen(new Date('2026-11-27T12:59:00Z'))).toBe(true); // Fri 13:59 CET
    expect(hours.isOpen(new Date('2026-11-27T13:00:00Z'))).toBe(false); // Fri 14:00 CET
  });

  it('is closed on holidays and configured closed days', () => {
    expect(hours.isOpen(new Date('2026-11-17T10:00:00Z'))).toBe(false); // 17 November, a Tuesday
    expect(hours.isOpen(new Date('2026-12-31T10:00:00Z'))).toBe(false);
  });

  it('finds the next opening across a weekend and a holiday', () => {
    expect(hours.nextOpening(new Date('2026-11-27T15:00:00Z'))?.toISOString()).toBe('2026-11-30T07:00:00.000Z'); // Fri evening → Mon 8:00 CET
    expect(hours.nextOpening(new Date('2026-12-23T16:00:00Z'))?.toISOString()).toBe('2026-12-28T07:00:00.000Z'); // 24-26 Dec holidays, 27th Sunday
    expect(hours.nextOpening(new Date('2026-07-01T07:00:00Z'))?.toISOString()).toBe('2026-07-01T07:00:00.000Z'); // open now (CEST)
  });

  it('formats the time in the user language', () => {
    expect(hours.format(new Date('2026-11-30T07:00:00Z'), 'cs')).toContain('8:00');
    expect(hours.format(new Date('2026-11-30T07:00:00Z'), 'uk')).toMatch(/понеділок/);
  });

  it('rejects malformed hours', () => {
    expect(parseHours('mon-fri 9-17')).toBeNull();
    expect(parseHours('mon 17:00-09:00')).toBeNull();
  });
});
