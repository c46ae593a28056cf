import type { Lang } from '../core/language.js';
import type { HandoffConfig } from './settings.js';

/** Czech public holidays (Act 245/2000 Coll.): fixed dates plus Good Friday and Easter Monday. */
export function czechHolidays(year: number): string[] {
  const fixed = ['01-01', '05-01', '05-08', '07-05', '07-06', '09-28', '10-28', '11-17', '12-24', '12-25', '12-26'];
  const easter = easterSunday(year);
  const shift = (days: number): string => new Date(easter.getTime() + days * 86_400_000).toISOString().slice(5, 10);
  return [...fixed, shift(-2), shift(1)].map((md) => `${year}-${md}`);
}

/** Gregorian Easter Sunday (the anonymous Gregorian algorithm), as a UTC date. */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

interface LocalTime {
  date: string;
  weekday: number;
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** When the Centre's staff work: business hours in its time zone, closed on public holidays. */
export class BusinessHours {
  constructor(private readonly cfg: Pick<HandoffConfig, 'timezone' | 'hours' | 'closedDays'>) {}

  private closedOn(date: string): boolean {
    return this.cfg.closedDays.includes(date) || czechHolidays(Number(date.slice(0, 4))).includes(date);
  }

  isOpen(at: Date): boolean {
    const t = localTime(at, this.cfg.timezone);
    if (this.closedOn(t.date)) return false;
    return (this.cfg.hours[t.weekday] ?? []).some(([open, close]) => t.minutes >= open && t.minutes < close);
  }

  /** The next moment staff are at work (now, if open), searched minute-exact over the next 30 days. */
  nextOpening(at: Date): Date | null {
    if (this.isOpen(at)) return at;
    // Step through the coming days; in each, the first opening range after "now".
    for (let day = 0; day < 30; day++) {
      const probe = new Date(at.getTime() + day * 86_400_000);
      const t = localTime(probe, this.cfg.timezone);
      if (this.closedOn(t.date)) continue;
      for (const [open] of [...(this.cfg.hours[t.weekday] ?? [])].sort((a, b) => a[0] - b[0])) {
        // The same local date at `open`: move from the probe's local minutes to `open`.
        const candidate = new Date(probe.getTime() + (open - t.minutes) * 60_000);
        if (candidate.getTime() > at.getTime() && this.isOpen(candidate)) return new Date(Math.floor(candidate.getTime() / 60_000) * 60_000);
      }
    }
    return null;
  }

  /** "Thursday 27 November, 9:00" in the user's language and the Centre's time zone. */
  format(at: Date, lang: Lang): string {
    return new Intl.DateTimeFormat(lang, { timeZone: this.cfg.timezone, weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' }).format(at);
  }
}
