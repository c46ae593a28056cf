import type { ActivityScan } from '../core/activity.js';
import { Calendar } from './calendar.js';
import { QUESTION_OUTCOMES, readTranscript, type Outcome } from './turns.js';

/** Counts by key (a topic, a language, a channel): in total and per day. */
export interface Breakdown {
  totals: Record<string, number>;
  days: Record<string, Record<string, number>>;
}

export interface DayRow {
  date: string;
  questions: number;
  answered: number;
  clarified: number;
  unanswered: number;
  handoffs: number;
  escalations: number;
}

export interface RisingTopic {
  topic: string;
  recent: number;
  previous: number;
  /** (recent + 1) / (previous + 1): a topic from nothing to a few counts as rising. */
  ratio: number;
}

/** What the dashboard and the CSV show; counts only, nothing that identifies a person. */
export interface Insights {
  from: string;
  to: string;
  timezone: string;
  totals: {
    conversations: number;
    questions: number;
    answered: number;
    clarified: number;
    unanswered: number;
    handoffs: number;
    helpful: number;
    unhelpful: number;
    /** unanswered ÷ questions, 0-1. */
    unansweredRate: number;
    escalations: number;
    escalationsReplied: number;
    firstReplyMedianMinutes: number | null;
    firstReplyP90Minutes: number | null;
  };
  days: DayRow[];
  byTopic: Breakdown;
  byLang: Breakdown;
  byChannel: Breakdown;
  /** Questions per hour of the day (0-23) and per weekday (Monday first) × hour, in the zone. */
  hours: number[];
  week: number[][];
  rising: RisingTopic[];
}

/** Topic of a question: the answered entry's topic; the others are counted under NO_TOPIC. */
export const NO_TOPIC = '(no answer)';

const COUNTER: Record<Outcome, 'answered' | 'clarified' | 'unanswered' | 'handoffs' | null> = {
  answered: 'answered',
  clarified: 'clarified',
  unanswered: 'unanswered',
  handoff: 'handoffs',
  staff: null,
  other: null,
};

function bump(b: Breakdown, day: string, key: string): void {
  b.totals[key] = (b.totals[key] ?? 0) + 1;
  const d = (b.days[day] ??= {});
  d[key] = (d[key] ?? 0) + 1;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return Math.round((sorted[i] ?? 0) * 10) / 10;
}

/**
 * Reads every conversation touched in the range once (in batches) and counts: questions by
 * outcome, topic, language and channel per day; busy hours; escalations and how long the first
 * staff reply took; and topics asked more in the last `risingDays` than in the days before.
 */
export async function aggregate(scan: ActivityScan, opts: { from: string; to: string; timezone: string; risingDays?: number }): Promise<Insights> {
  const cal = new Calendar(opts.timezone);
  const days = Calendar.days(opts.from, opts.to);
  const risingDays = opts.risingDays ?? 7;
  const start = cal.startOf(opts.from);
  const end = cal.startOf(addDays(opts.to, 1));
  const recentFrom = addDays(opts.to, -(risingDays - 1));
  const previousFrom = addDays(opts.to, -(2 * risingDays - 1));
  const scanFrom = cal.startOf(previousFrom < opts.from ? previousFrom : opts.from);

  const rows = new Map<string, DayRow>(days.map((date) => [date, { date, questions: 0, answered: 0, clarified: 0, unanswered: 0, handoffs: 0, escalations: 0 }]));
  const byTopic: Breakdown = { totals: {}, days: {} };
  const byLang: Breakdown = { totals: {}, days: {} };
  const byChannel: Breakdown = { totals: {}, days: {} };
  const hours = Array.from({ length: 24 }, () => 0);
  const week = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const recent = new Map<string, number>();
  const previous = new Map<string, number>();
  const totals = { conversations: 0, questions: 0, answered: 0, clarified: 0, unanswered: 0, handoffs: 0, helpful: 0, unhelpful: 0, escalations: 0, escalationsReplied: 0 };
  const replyMinutes: number[] = [];
  const inRange = (t: number): boolean => t >= start.getTime() && t < end.getTime();

  for await (const batch of scan.since(scanFrom)) {
    for (const { messages } of batch) {
      const { turns, escalations } = readTranscript(messages);
      let counted = false;
      for (const t of turns) {
        const at = new Date(t.at);
        const topic = t.outcome === 'answered' && t.entry ? (t.entry.split('.')[0] ?? NO_TOPIC) : NO_TOPIC;
        const day = cal.day(at);
        if (t.outcome === 'answered' && !t.postback) {
          if (day >= recentFrom && day <= opts.to) recent.set(topic, (recent.get(topic) ?? 0) + 1);
          else if (day >= previousFrom && day < recentFrom) previous.set(topic, (previous.get(topic) ?? 0) + 1);
        }
        if (!inRange(at.getTime())) continue;
        if (!counted && t.outcome !== 'staff') {
          totals.conversations++;
          counted = true;
        }
        if (t.feedback === 'helpful') totals.helpful++;
        if (t.feedback === 'unhelpful') totals.unhelpful++;
        if (!QUESTION_OUTCOMES.includes(t.outcome)) continue;
        const key = COUNTER[t.outcome];
        const row = rows.get(day);
        totals.questions++;
        if (key) totals[key]++;
        if (row) {
          row.questions++;
          if (key) row[key]++;
        }
        bump(byTopic, day, topic);
        bump(byLang, day, t.lang ?? 'unknown');
        bump(byChannel, day, t.channel);
        const { hour, weekday } = cal.hourAndWeekday(at);
        hours[hour] = (hours[hour] ?? 0) + 1;
        const w = week[weekday];
        if (w) w[hour] = (w[hour] ?? 0) + 1;
      }
      for (const e of escalations) {
        const at = new Date(e.at);
        if (!inRange(at.getTime())) continue;
        totals.escalations++;
        const row = rows.get(cal.day(at));
        if (row) row.escalations++;
        if (e.firstReplyAt) {
          totals.escalationsReplied++;
          replyMinutes.push((Date.parse(e.firstReplyAt) - at.getTime()) / 60_000);
        }
      }
    }
  }
  replyMinutes.sort((a, b) => a - b);
  const rising: RisingTopic[] = [...new Set([...recent.keys(), ...previous.keys()])]
    .map((topic) => {
      const r = recent.get(topic) ?? 0;
      const p = previous.get(topic) ?? 0;
      return { topic, recent: r, previous: p, ratio: Math.round(((r + 1) / (p + 1)) * 100) / 100 };
    })
    .filter((x) => x.topic !== NO_TOPIC && x.recent >= 3 && x.ratio >= 1.5)
    .sort((a, b) => b.ratio - a.ratio || b.recent - a.recent)
    .slice(0, 10);
  return {
    from: opts.from,
    to: opts.to,
    timezone: opts.timezone,
    totals: {
      ...totals,
      unansweredRate: totals.questions ? Math.round((totals.unanswered / totals.questions) * 1000) / 1000 : 0,
      firstReplyMedianMinutes: percentile(replyMinutes, 0.5),
      firstReplyP90Minutes: percentile(replyMinutes, 0.9),
    },
    days: [...rows.values()],
    byTopic,
    byLang,
    byChannel,
    hours,
    week,
    rising,
  };
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
