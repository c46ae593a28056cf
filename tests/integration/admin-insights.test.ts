import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../adapters/store-redis/client.js';
import { newConversation, type TranscriptMessage } from '../../src/core/conversation.js';
import type { Lang } from '../../src/core/language.js';
import type { ChannelId } from '../../src/core/message.js';
import type { Store } from '../../src/core/ports.js';
import type { Insights } from '../../src/insights/aggregate.js';
import { addStaff, loginAs, type StaffClient } from '../support/staff.js';
import { REDIS_URL, startTestService, uniquePrefix, type TestService } from '../support/runtime.js';

/**
 * The dashboard's aggregates against a generated set of conversations whose counts the generator
 * keeps itself, written to the real store and read back through GET /api/admin/insights(.csv).
 */
type Outcome = 'answered' | 'clarified' | 'unanswered' | 'handoff' | 'staff' | 'other';

interface Expected {
  questions: number;
  answered: number;
  clarified: number;
  unanswered: number;
  handoffs: number;
  helpful: number;
  unhelpful: number;
  conversations: number;
  escalations: number;
  replied: number;
  byTopic: Record<string, number>;
  byLang: Record<string, number>;
  byChannel: Record<string, number>;
  byDay: Record<string, number>;
  hours: number[];
}

const FROM = '2026-11-01';
const TO = '2026-11-14';
const CHANNELS: ChannelId[] = ['webchat', 'telegram', 'whatsapp'];
const LANGS_USED: Lang[] = ['uk', 'cs', 'vi'];
const REPLY_MINUTES = [10, 20, 30, 40, 120];

/** Local (Europe/Prague, CET in November: UTC+1) day and hour → an instant. */
const at = (day: number, hour: number, minute = 0): Date => new Date(Date.UTC(2026, 10, 1 + day, hour - 1, minute));
const dayKey = (day: number): string => `2026-11-${String(1 + day).padStart(2, '0')}`;

async function generate(store: Store): Promise<Expected> {
  const x: Expected = { questions: 0, answered: 0, clarified: 0, unanswered: 0, handoffs: 0, helpful: 0, unhelpful: 0, conversations: 0, escalations: 0, replied: 0, byTopic: {}, byLang: {}, byChannel: {}, byDay: {}, hours: Array.from({ length: 24 }, () => 0) };
  let seq = 0;
  let escalationNo = 0;
  const bump = (r: Record<string, number>, k: string): void => void (r[k] = (r[k] ?? 0) + 1);

  for (let day = 0; day < 14; day++) {
    for (const [ci, channel] of CHANNELS.entries()) {
      const lang = LANGS_USED[(day + ci) % LANGS_USED.length] ?? 'uk';
      const thread = `gen-${day}-${channel}`;
      const c = newConversation({ channel, thread, user: thread }, at(day, 8));
      const messages: TranscriptMessage[] = [];
      const base = { conversationId: c.id, channel, lang };
      const counted = { yes: false };
      const turn = (hour: number, outcome: Outcome, opts: { entry?: string; feedback?: 'helpful' | 'unhelpful'; text?: string } = {}): void => {
        const when = at(day, hour, seq % 50);
        seq++;
        messages.push({ ...base, id: `u${seq}`, role: 'user', text: opts.text ?? 'jak to udělat, tel. 777 123 456', at: when.toISOString() });
        const bot = (action: string, entry: string | null = null): TranscriptMessage => ({ ...base, id: `b${seq}-${action}`, role: 'bot', text: '…', at: new Date(when.getTime() + 500).toISOString(), action, entry, score: 0.7, ...(opts.feedback ? { feedback: { value: opts.feedback, at: when.toISOString() } } : {}) });
        if (outcome === 'answered') messages.push(bot('answer', opts.entry ?? 'residence.permanent'));
        if (outcome === 'clarified') messages.push(bot('clarify'));
        if (outcome === 'unanswered') messages.push(bot('fallback'));
        if (outcome === 'handoff') messages.push(bot('escalate'));
        if (outcome === 'other') messages.push(bot('smalltalk'));
        if (outcome !== 'staff' && !counted.yes) {
          counted.yes = true;
          x.conversations++;
        }
        if (opts.feedback === 'helpful') x.helpful++;
        if (opts.feedback === 'unhelpful') x.unhelpful++;
        if (outcome === 'staff' || outcome === 'other') return;
        x.questions++;
        x[outcome === 'handoff' ? 'handoffs' : outcome]++;
        bump(x.byTopic, outcome === 'answered' ? (opts.entry ?? 'residence.permanent').split('.')[0] ?? '' : '(no answer)');
        bump(x.byLang, lang);
        bump(x.byChannel, channel);
        bump(x.byDay, dayKey(day));
        x.hours[hour] = (x.hours[hour] ?? 0) + 1;
      };
      turn(9, 'other', { text: 'ahoj' });
      turn(9, 'answered', { entry: 'residence.permanent', feedback: day % 2 ? 'helpful' : undefined });
      turn(10, 'answered', { entry: 'health.insurance', feedback: day % 5 === 0 ? 'unhelpful' : undefined });
      if (day >= 7 && ci === 0) {
        // "work" only asked in the second week: a rising topic.
        turn(11, 'answered', { entry: 'work.permit' });
        turn(11, 'answered', { entry: 'work.permit' });
      }
      if ((day + ci) % 3 === 0) turn(14, 'clarified');
      if ((day + ci) % 4 === 0) turn(15, 'unanswered');
      if (ci === 2 && day % 3 === 0) {
        // Handed over: the hand-over message, a repeat while waiting (not a new escalation), then staff.
        turn(16, 'handoff');
        const opened = new Date(at(day, 16, (seq - 1) % 50).getTime() + 500);
        x.escalations++;
        messages.push({ ...base, id: `w${seq}`, role: 'user', text: 'hello?', at: new Date(opened.getTime() + 60_000).toISOString() });
        messages.push({ ...base, id: `again${seq}`, role: 'bot', text: 'already waiting', at: new Date(opened.getTime() + 61_000).toISOString(), action: 'escalate', entry: null });
        x.questions++;
        x.handoffs++;
        bump(x.byTopic, '(no answer)');
        bump(x.byLang, lang);
        bump(x.byChannel, channel);
        bump(x.byDay, dayKey(day));
        x.hours[16] = (x.hours[16] ?? 0) + 1;
        const minutes = REPLY_MINUTES[escalationNo++];
        if (minutes !== undefined) {
          messages.push({ ...base, id: `s${seq}`, role: 'staff', text: 'Dobrý den', at: new Date(opened.getTime() + minutes * 60_000).toISOString(), author: 'Olena' });
          messages.push({ ...base, id: `n${seq}`, role: 'note', text: 'internal', at: new Date(opened.getTime() + minutes * 60_000 + 1000).toISOString(), author: 'Olena' });
          x.replied++;
        }
        // Written while staff own the conversation: the bot stays quiet; not a question for the bot.
        messages.push({ ...base, id: `late${seq}`, role: 'user', text: 'thanks', at: new Date(opened.getTime() + 200 * 60_000).toISOString() });
      }
      for (const m of messages) await store.conversations.appendMessage(m);
      await store.conversations.save({ ...c, lang, updatedAt: messages.at(-1)?.at ?? c.updatedAt });
    }
  }
  // Outside the range (before it, and after it): nothing of these may count, except the older one's "work" for rising.
  for (const [thread, when] of [['gen-before', at(-20, 10)], ['gen-after', at(20, 10)]] as const) {
    const c = newConversation({ channel: 'webchat', thread, user: thread }, when);
    await store.conversations.save({ ...c, updatedAt: when.toISOString() });
    await store.conversations.appendMessage({ id: `${thread}-u`, conversationId: c.id, role: 'user', text: 'x', at: when.toISOString(), channel: 'webchat', lang: 'en' });
    await store.conversations.appendMessage({ id: `${thread}-b`, conversationId: c.id, role: 'bot', text: 'y', at: when.toISOString(), channel: 'webchat', lang: 'en', action: 'fallback' });
  }
  return x;
}

for (const kind of ['SQLite', 'Redis'] as const) {
  describe(`the dashboard's aggregates (${kind})`, () => {
    let svc: TestService;
    let eva: StaffClient;
    let expected: Expected;
    const prefix = uniquePrefix(`insights-${kind}`);

    beforeAll(async () => {
      svc = await startTestService(kind === 'Redis' ? { REDIS_URL, REDIS_PREFIX: prefix } : {});
      expected = await generate(svc.runtime.store);
      await addStaff(svc.runtime, 'eva@example.org', 'editor', { name: 'Eva' });
      eva = await loginAs(svc.app, 'eva@example.org');
    });
    afterAll(async () => {
      await svc?.close();
      if (kind === 'Redis') {
        const redis = await connectRedis(REDIS_URL);
        for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
        await redis.quit();
      }
    });

    it('match the generated counts: outcomes, topics, languages, channels, days, hours', async () => {
      const res = await eva.get(`/api/admin/insights?from=${FROM}&to=${TO}`);
      expect(res.status).toBe(200);
      const i = res.body as unknown as Insights;
      expect(i.timezone).toBe('Europe/Prague');
      expect(i.totals).toMatchObject({
        questions: expected.questions,
        answered: expected.answered,
        clarified: expected.clarified,
        unanswered: expected.unanswered,
        handoffs: expected.handoffs,
        helpful: expected.helpful,
        unhelpful: expected.unhelpful,
        conversations: expected.conversations,
        unansweredRate: Math.round((expected.unanswered / expected.questions) * 1000) / 1000,
      });
      expect(i.byTopic.totals).toEqual(expected.byTopic);
      expect(i.byLang.totals).toEqual(expected.byLang);
      expect(i.byChannel.totals).toEqual(expected.byChannel);
      expect(Object.fromEntries(i.days.map((d) => [d.date, d.questions]))).toEqual(expected.byDay);
      expect(i.days).toHaveLength(14);
      expect(i.hours).toEqual(expected.hours);
      expect(i.week.flat().reduce((a, b) => a + b, 0)).toBe(expected.questions);
      // 2026-11-02 is a Monday: its questions are in the first row of the week.
      expect(i.week[0]?.reduce((a, b) => a + b, 0)).toBe((expected.byDay['2026-11-02'] ?? 0) + (expected.byDay['2026-11-09'] ?? 0));
    });

    it('count escalations once each, and the time to the first staff reply', async () => {
      const i = (await eva.get(`/api/admin/insights?from=${FROM}&to=${TO}`)).body as unknown as Insights;
      expect(i.totals.escalations).toBe(expected.escalations);
      expect(i.totals.escalationsReplied).toBe(expected.replied);
      expect(i.totals.firstReplyMedianMinutes).toBe(30);
      expect(i.totals.firstReplyP90Minutes).toBe(120);
      expect(i.days.reduce((a, d) => a + d.escalations, 0)).toBe(expected.escalations);
    });

    it('find the rising topic', async () => {
      const i = (await eva.get(`/api/admin/insights?from=${FROM}&to=${TO}`)).body as unknown as Insights;
      expect(i.rising[0]).toMatchObject({ topic: 'work', recent: 14, previous: 0, ratio: 15 });
      expect(i.rising.map((r) => r.topic)).not.toContain('residence');
    });

    it('export the same aggregates as CSV, with no message text and no ids of people', async () => {
      const res = await svc.app.inject({ method: 'GET', url: `/api/admin/insights.csv?from=${FROM}&to=${TO}`, headers: { cookie: `cz_staff=${eva.cookie}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="assistant-${FROM}-${TO}.csv"`);
      const rows = res.body.trim().split('\r\n').map((l) => l.split(','));
      expect(rows[0]).toEqual(['section', 'date', 'dimension', 'key', 'value']);
      const value = (section: string, date: string, dimension: string, key: string): string | undefined => rows.find((r) => r[0] === section && r[1] === date && r[2] === dimension && r[3] === key)?.[4];
      expect(value('total', '', '', 'questions')).toBe(String(expected.questions));
      expect(value('total', '', 'channel', 'telegram')).toBe(String(expected.byChannel.telegram));
      expect(value('day', '2026-11-03', 'outcome', 'questions')).toBe(String(expected.byDay['2026-11-03']));
      expect(value('hour', '', 'hour', '16')).toBe(String(expected.hours[16]));
      expect(value('rising', '', 'topic', 'work')).toBe('15');
      for (const secret of ['777', 'gen-', 'webchat:', 'Olena', 'jak to', 'hello', 'thanks']) expect(res.body).not.toContain(secret);
    });

    it('refuses a range that is backwards or too long', async () => {
      expect((await eva.get('/api/admin/insights?from=2026-11-10&to=2026-11-01')).status).toBe(400);
      expect((await eva.get('/api/admin/insights?from=2020-01-01&to=2026-11-01')).status).toBe(400);
      expect((await eva.get('/api/admin/insights?from=2026-13-01')).status).toBe(400);
    });
  });
}
