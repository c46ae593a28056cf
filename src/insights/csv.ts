import type { Breakdown, Insights } from './aggregate.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function cell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // A leading = + - @ would be a formula in a spreadsheet; quotes and commas need quoting.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The dashboard's aggregates as one tidy CSV (one number per row: section, date, dimension, key,
 * value), which a spreadsheet pivots into any table a report needs. Counts only: no message text,
 * no ids of people or conversations.
 */
export function insightsCsv(i: Insights): string {
  const rows: (string | number | null)[][] = [['section', 'date', 'dimension', 'key', 'value']];
  const t = i.totals;
  for (const [k, v] of Object.entries(t)) rows.push(['total', null, null, k, v]);
  for (const d of i.days) {
    for (const k of ['questions', 'answered', 'clarified', 'unanswered', 'handoffs', 'escalations'] as const) rows.push(['day', d.date, 'outcome', k, d[k]]);
  }
  const breakdown = (dimension: string, b: Breakdown): void => {
    for (const [key, v] of Object.entries(b.totals).sort()) rows.push(['total', null, dimension, key, v]);
    for (const day of Object.keys(b.days).sort()) for (const [key, v] of Object.entries(b.days[day] ?? {}).sort()) rows.push(['day', day, dimension, key, v]);
  };
  breakdown('topic', i.byTopic);
  breakdown('lang', i.byLang);
  breakdown('channel', i.byChannel);
  i.hours.forEach((v, h) => rows.push(['hour', null, 'hour', h, v]));
  i.week.forEach((hours, w) => hours.forEach((v, h) => rows.push(['weekday_hour', null, WEEKDAYS[w] ?? String(w), h, v])));
  for (const r of i.rising) rows.push(['rising', null, 'topic', r.topic, r.ratio]);
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
