/**
 * Days and hours as the Centre lives them (its time zone), for bucketing what happened when.
 * Intl formatters are built once per zone: they are the slow part.
 */
export class Calendar {
  private readonly dayFmt: Intl.DateTimeFormat;
  private readonly partsFmt: Intl.DateTimeFormat;

  constructor(readonly timezone: string) {
    this.dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    this.partsFmt = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  }

  /** YYYY-MM-DD in the zone. */
  day(at: Date): string {
    return this.dayFmt.format(at);
  }

  /** Hour 0-23 and weekday 0-6 (Monday first) in the zone. */
  hourAndWeekday(at: Date): { hour: number; weekday: number } {
    let hour = 0;
    let weekday = 0;
    for (const p of this.partsFmt.formatToParts(at)) {
      if (p.type === 'hour') hour = Number(p.value) % 24;
      if (p.type === 'weekday') weekday = WEEKDAYS.indexOf(p.value);
    }
    return { hour, weekday: Math.max(0, weekday) };
  }

  /** Every day from `from` to `to` (YYYY-MM-DD, inclusive). */
  static days(from: string, to: string): string[] {
    const out: string[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
    return out;
  }

  /** The instant a zone's day starts (midnight there), found by correcting the UTC guess by the zone's offset. */
  startOf(day: string): Date {
    const guess = Date.parse(`${day}T00:00:00Z`);
    let t = guess;
    for (let i = 0; i < 3; i++) {
      const shown = this.wallClock(new Date(t));
      t += guess - shown;
    }
    return new Date(t);
  }

  private wallClock(at: Date): number {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: this.timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
    const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
    return Date.parse(`${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}Z`);
  }
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
