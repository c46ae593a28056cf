import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.js';
import { isLang } from '../../core/language.js';
import { hasPersonalData } from '../../core/mask.js';
import { addDays, aggregate } from '../../insights/aggregate.js';
import { Calendar } from '../../insights/calendar.js';
import { insightsCsv } from '../../insights/csv.js';
import { collectReview } from '../../insights/review.js';
import type { Runtime } from '../../runtime.js';
import { currentStaff, requireStaff } from '../plugins/staff-auth.js';
import { DismissBody, RangeQuery, VariantBody } from '../schemas/admin.js';
import { EDITOR_ROLES } from './admin-kb-api.js';

const MAX_RANGE_DAYS = 366;

/** The review of what users asked (missed, unsure, unhelpful) and the dashboard's aggregates, with their CSV. */
export const adminInsightsApi: FastifyPluginAsyncTypebox<{ runtime: Runtime }> = async (app, { runtime }) => {
  const guard = requireStaff(EDITOR_ROLES);
  const cfg = runtime.config.insights;
  const calendar = new Calendar(runtime.config.handoff.timezone);

  const range = (q: { from?: string; to?: string }): { from: string; to: string } => {
    const to = q.to ?? calendar.day(new Date());
    const from = q.from ?? addDays(to, -29);
    if (Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`))) throw new AppError('BAD_INPUT', 'from and to must be dates (YYYY-MM-DD)');
    if (from > to) throw new AppError('BAD_INPUT', 'from must not be after to');
    if (Calendar.days(from, to).length > MAX_RANGE_DAYS) throw new AppError('BAD_INPUT', `at most ${MAX_RANGE_DAYS} days at once`);
    return { from, to };
  };

  app.get('/api/admin/review', { preHandler: guard }, async () => {
    const since = new Date(Date.now() - cfg.reviewDays * 86_400_000);
    const groups = await collectReview(runtime.store.activity, { since, lowConfidence: cfg.lowConfidence, marks: await runtime.store.kbReview.all() });
    return {
      since: since.toISOString(),
      lowConfidence: cfg.lowConfidence,
      groups: groups.map((g) => {
        const lang = Object.entries(g.langs).sort((a, b) => b[1] - a[1])[0]?.[0];
        const d = runtime.knowledge.decide(g.text, { hint: isLang(lang) ? lang : null });
        return { ...g, lang: d.lang, now: { action: d.action, entry: d.entry, score: d.score, candidates: d.candidates.slice(0, 3) } };
      }),
    };
  });

  /** "Add as a question variant of entry X": a revision of X, and the collected questions are settled. */
  app.post('/api/admin/review/variant', { schema: { body: VariantBody }, preHandler: guard }, async (req) => {
    const user = currentStaff(req);
    const { keys, entry, lang, question } = req.body;
    // A question variant ends up in the knowledge-base files (and in git): never with someone's number in it.
    if (hasPersonalData(question) || /\[(e-mail|phone|birth number|document|number|account)\]/.test(question)) {
      throw new AppError('BAD_INPUT', 'the question still holds personal data or a placeholder for it: rewrite it without them');
    }
    const revision = await runtime.kb.addVariant({ id: user.id, name: user.name }, entry, lang, question);
    await runtime.store.kbReview.mark(keys.map((key) => ({ key, how: 'variant', entryId: entry, actor: user.id, at: new Date().toISOString() })));
    await runtime.store.audit.append({ id: randomUUID(), at: new Date().toISOString(), actor: user.id, action: 'review-variant', target: entry, details: { lang, questions: keys.length, revision: revision?.seq ?? null } });
    const d = runtime.knowledge.decide(question, { hint: lang });
    return { revision: revision ? { id: revision.id, seq: revision.seq, summary: revision.summary } : null, now: { action: d.action, entry: d.entry, score: d.score } };
  });

  app.post('/api/admin/review/dismiss', { schema: { body: DismissBody }, preHandler: guard }, async (req) => {
    const user = currentStaff(req);
    await runtime.store.kbReview.mark(req.body.keys.map((key) => ({ key, how: 'dismissed', entryId: null, actor: user.id, at: new Date().toISOString() })));
    await runtime.store.audit.append({ id: randomUUID(), at: new Date().toISOString(), actor: user.id, action: 'review-dismiss', target: null, details: { questions: req.body.keys.length } });
    return { ok: true };
  });

  app.get('/api/admin/insights', { schema: { querystring: RangeQuery }, preHandler: guard }, async (req) => aggregate(runtime.store.activity, { ...range(req.query), timezone: calendar.timezone }));

  app.get('/api/admin/insights.csv', { schema: { querystring: RangeQuery }, preHandler: guard }, async (req, reply) => {
    const r = range(req.query);
    const csv = insightsCsv(await aggregate(runtime.store.activity, { ...r, timezone: calendar.timezone }));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="assistant-${r.from}-${r.to}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
};
