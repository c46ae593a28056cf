import { describe, expect, it } from 'vitest';
import type { TranscriptMessage } from '../../src/core/conversation.js';
import { Calendar } from '../../src/insights/calendar.js';
import { groupBySimilarity, questionTerms } from '../../src/insights/grouping.js';
import { insightsConfig } from '../../src/insights/settings.js';
import { readTranscript } from '../../src/insights/turns.js';

let n = 0;
const m = (role: TranscriptMessage['role'], minute: number, extra: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
  id: `m${++n}`,
  conversationId: 'webchat:x',
  role,
  text: role === 'user' ? 'otázka' : '…',
  at: new Date(Date.UTC(2026, 10, 2, 9, minute)).toISOString(),
  channel: 'webchat',
  lang: 'cs',
  ...extra,
});

describe('reading a transcript', () => {
  it('gives each user message the outcome of the bot replies that followed it', () => {
    const { turns } = readTranscript([
      m('user', 0),
      m('bot', 0, { action: 'answer', entry: 'czech.courses', score: 0.9, feedback: { value: 'unhelpful', at: 'x' } }),
      m('user', 1),
      m('bot', 1, { action: 'clarify', score: 0.3 }),
      m('user', 2, { text: '[entry:czech.courses]' }),
      m('bot', 2, { action: 'answer', entry: 'czech.courses' }),
      m('user', 3),
      m('bot', 3, { action: 'fallback' }),
      m('user', 4),
      m('bot', 4, { action: 'greeting' }),
      m('bot', 4, { action: 'topics' }),
    ]);
    expect(turns.map((t) => [t.outcome, t.entry, t.postback, t.feedback])).toEqual([
      ['answered', 'czech.courses', false, 'unhelpful'],
      ['clarified', null, false, null],
      ['answered', 'czech.courses', true, null],
      ['unanswered', null, false, null],
      ['other', null, false, null],
    ]);
  });

  it('counts an escalation once, until staff reply, and its time to the first reply', () => {
    const { turns, escalations } = readTranscript([
      m('user', 0),
      m('bot', 0, { action: 'crisis' }),
      m('bot', 0, { action: 'escalate' }),
      m('user', 5),
      m('bot', 5, { action: 'escalate' }),
      m('note', 10),
      m('staff', 20, { author: 'Olena' }),
      m('user', 21),
      m('staff', 30),
      m('bot', 40),
      m('user', 41),
      m('bot', 41, { action: 'escalate' }),
      m('bot', 42, { action: 'back-to-bot' }),
    ]);
    expect(escalations.map((e) => [e.at.slice(11, 16), e.firstReplyAt?.slice(11, 16) ?? null])).toEqual([
      ['09:00', '09:20'],
      ['09:41', null],
    ]);
    expect(turns.map((t) => t.outcome)).toEqual(['handoff', 'handoff', 'staff', 'handoff']);
  });
});

describe('grouping questions', () => {
  it('puts wordings that share most words together, and others apart', () => {
    const items = ['Kde můžu zaparkovat kolo u centra?', 'kde můžu zaparkovat kolo', 'Jak prodloužit pas?', 'Kde můžu zaparkovat kolo u centra? [phone]'].map((text, i) => ({ text, terms: questionTerms(text), weight: 4 - i }));
    const groups = groupBySimilarity(items).map((g) => g.map((x) => x.text));
    expect(groups).toEqual([['Kde můžu zaparkovat kolo u centra?', 'kde můžu zaparkovat kolo', 'Kde můžu zaparkovat kolo u centra? [phone]'], ['Jak prodloužit pas?']]);
    expect(questionTerms('[phone] [e-mail]').size).toBe(0);
  });
});

describe('the calendar of the Centre', () => {
  it('buckets instants by the day and hour in Prague, across the change of summer time', () => {
    const cal = new Calendar('Europe/Prague');
    expect(cal.day(new Date('2026-11-01T23:30:00Z'))).toBe('2026-11-02');
    expect(cal.hourAndWeekday(new Date('2026-11-02T08:15:00Z'))).toEqual({ hour: 9, weekday: 0 });
    expect(cal.startOf('2026-11-02').toISOString()).toBe('2026-11-01T23:00:00.000Z');
    expect(cal.startOf('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(cal.startOf('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(Calendar.days('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});

describe('the settings of the editors\' tools', () => {
  const read = (env: Record<string, string>) => (name: string): string | undefined => env[name];
  it('have defaults', () => {
    const problems: string[] = [];
    expect(insightsConfig(read({}), problems)).toEqual({ reviewMaxAgeDays: 365, kbReloadSeconds: 30, reviewDays: 90, lowConfidence: 0.65, metricsEnabled: true, metricsToken: null });
    expect(problems).toEqual([]);
  });
  it('name the setting and what it allows, and never echo the token', () => {
    const problems: string[] = [];
    insightsConfig(read({ KB_REVIEW_MAX_AGE_DAYS: '0', REVIEW_LOW_CONFIDENCE: '1.5', METRICS_ENABLED: 'yes', METRICS_TOKEN: 'short secret', KB_RELOAD_SECONDS: 'soon' }), problems);
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toContain('KB_REVIEW_MAX_AGE_DAYS="0": must be a whole number from 1 to 3650');
    expect(problems.join('\n')).toContain('REVIEW_LOW_CONFIDENCE="1.5"');
    expect(problems.join('\n')).not.toContain('short secret');
  });
});
