import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { BOTFRAMEWORK_CAPABILITIES } from '../../../adapters/botframework/outbound.js';
import { TELEGRAM_CAPABILITIES } from '../../../adapters/telegram/telegram-render.js';
import { WEBCHAT_CAPABILITIES } from '../../../adapters/webchat/webchat-channel.js';
import { CLOUD_CAPABILITIES } from '../../../adapters/whatsapp/cloud-outbound.js';
import type { KbRevision } from '../../core/kb-revisions.js';
import type { KbEntry } from '../../core/knowledge.js';
import type { ChannelCapabilities, ChannelId } from '../../core/message.js';
import type { StaffUser } from '../../core/staff.js';
import { render, splitText } from '../../conversation/render.js';
import { InvalidEntryError } from '../../knowledge/kb-editor.js';
import { toLatin } from '../../knowledge/normalize.js';
import type { Runtime } from '../../runtime.js';
import { currentStaff, requireStaff } from '../plugins/staff-auth.js';
import { CreateBody, EntriesQuery, EntryParams, PreviewBody, RemoveBody, RevisionParams, RollbackBody, SaveBody, TryBody } from '../schemas/admin.js';

export const EDITOR_ROLES = ['editor', 'admin'] as const;

/** Each channel's way of showing an answer, whether or not it is switched on here. */
const PREVIEW_CHANNELS: { channel: ChannelId; caps: ChannelCapabilities }[] = [
  { channel: 'webchat', caps: WEBCHAT_CAPABILITIES },
  { channel: 'telegram', caps: TELEGRAM_CAPABILITIES },
  { channel: 'whatsapp', caps: CLOUD_CAPABILITIES },
  { channel: 'botframework', caps: BOTFRAMEWORK_CAPABILITIES },
];

// Big enough for an entry with five long answers in Cyrillic or Vietnamese (several bytes a letter).
const ENTRY_BODY_LIMIT = 512 * 1024;

const fold = (s: string): string => toLatin(s.toLowerCase());

function matches(e: KbEntry, q: string): boolean {
  const hay = [e.id, ...Object.values(e.translations).flatMap((t) => (t ? [t.title, t.answer, ...t.questions, ...t.keywords] : []))].join('\n');
  return fold(hay).includes(q);
}

/** A revision without its entry: the history list stays small. */
function brief(r: KbRevision) {
  return { id: r.id, seq: r.seq, entryId: r.entryId, actorName: r.actorName, at: r.at, action: r.action, summary: r.summary, changes: r.changes, restored: r.restored ?? null, removed: r.entry === null };
}

/** The editors' API over the knowledge base: browse, edit, history and rollback, preview, "try it". */
export const adminKbApi: FastifyPluginAsyncTypebox<{ runtime: Runtime }> = async (app, { runtime }) => {
  const kb = runtime.kb;
  const guard = requireStaff(EDITOR_ROLES);
  const editor = (u: StaffUser) => ({ id: u.id, name: u.name });
  const audit = (u: StaffUser, action: string, target: string, details: Record<string, string | number | null>) =>
    runtime.store.audit.append({ id: randomUUID(), at: new Date().toISOString(), actor: u.id, action, target, details });
  const invalid = (reply: FastifyReply, e: unknown): FastifyReply => {
    if (e instanceof InvalidEntryError) return reply.code(400).send({ code: 'BAD_INPUT', message: e.message, problems: e.problems });
    throw e;
  };

  app.get('/api/admin/kb/entries', { schema: { querystring: EntriesQuery }, preHandler: guard }, async (req) => {
    const q = fold(req.query.q?.trim() ?? '');
    const summaries = kb.summaries();
    const entries = q ? summaries.filter((s) => matches(kb.get(s.id).entry, q)) : summaries;
    return { entries, head: kb.head, reviewMaxAgeDays: runtime.config.insights.reviewMaxAgeDays };
  });

  app.get('/api/admin/kb/entries/:id', { schema: { params: EntryParams }, preHandler: guard }, async (req) => {
    const state = kb.get(req.params.id);
    return { entry: state.entry, summary: state.summary, baseline: state.baseline };
  });

  app.put('/api/admin/kb/entries/:id', { schema: { params: EntryParams, body: SaveBody }, preHandler: guard, bodyLimit: ENTRY_BODY_LIMIT }, async (req, reply) => {
    const user = currentStaff(req);
    try {
      const { revision, entry } = await kb.save(editor(user), req.body.entry, { id: req.params.id, expectedLatest: req.body.expectedLatest, stamp: req.body.stamp ?? [] });
      if (revision) await audit(user, 'kb-save', entry.id, { revision: revision.seq, summary: revision.summary.slice(0, 200) });
      return { revision: revision ? brief(revision) : null, entry, summary: kb.get(entry.id).summary };
    } catch (e) {
      return invalid(reply, e);
    }
  });

  app.post('/api/admin/kb/entries', { schema: { body: CreateBody }, preHandler: guard, bodyLimit: ENTRY_BODY_LIMIT }, async (req, reply) => {
    const user = currentStaff(req);
    try {
      const { revision, entry } = await kb.save(editor(user), req.body.entry, { create: true, stamp: req.body.stamp ?? [] });
      await audit(user, 'kb-create', entry.id, { revision: revision?.seq ?? null });
      const keys = req.body.resolve ?? [];
      if (keys.length > 0) await runtime.store.kbReview.mark(keys.map((key) => ({ key, how: 'entry', entryId: entry.id, actor: user.id, at: new Date().toISOString() })));
      return reply.code(201).send({ revision: revision ? brief(revision) : null, entry, summary: kb.get(entry.id).summary });
    } catch (e) {
      return invalid(reply, e);
    }
  });

  app.post('/api/admin/kb/entries/:id/remove', { schema: { params: EntryParams, body: RemoveBody }, preHandler: guard }, async (req) => {
    const user = currentStaff(req);
    const revision = await kb.remove(editor(user), req.params.id, req.body.expectedLatest);
    await audit(user, 'kb-remove', req.params.id, { revision: revision.seq });
    return { revision: brief(revision) };
  });

  app.get('/api/admin/kb/entries/:id/history', { schema: { params: EntryParams }, preHandler: guard }, async (req) => {
    const revisions = await kb.history(req.params.id);
    return { revisions: revisions.map(brief), hasBaseline: kb.hasBaseline(req.params.id) };
  });

  app.get('/api/admin/kb/revisions/:rid', { schema: { params: RevisionParams }, preHandler: guard }, async (req) => {
    const { revision, diffs } = await kb.diffOf(req.params.rid);
    return { revision: brief(revision), entry: revision.entry, diffs };
  });

  app.post('/api/admin/kb/entries/:id/rollback', { schema: { params: EntryParams, body: RollbackBody }, preHandler: guard }, async (req) => {
    const user = currentStaff(req);
    const revision = await kb.rollback(editor(user), req.params.id, req.body.target);
    await audit(user, 'kb-rollback', req.params.id, { revision: revision.seq, restored: req.body.target });
    return { revision: brief(revision) };
  });

  /** The answer as each channel will show it: rendered for its markup and cut into its message size. */
  app.post('/api/admin/kb/preview', { schema: { body: PreviewBody }, preHandler: guard }, async (req) => ({
    channels: PREVIEW_CHANNELS.map(({ channel, caps }) => {
      const rendered = render({ type: 'text', text: req.body.text }, caps).text;
      return { channel, markup: caps.markdown, maxText: caps.maxText, enabled: runtime.channels.get(channel) !== undefined, parts: splitText(rendered, caps.maxText), sourceParts: splitText(req.body.text, caps.maxText) };
    }),
  }));

  /** What the bot would do with a question, and why: the decision and the top candidates with their scores. */
  app.post('/api/admin/kb/try', { schema: { body: TryBody }, preHandler: guard }, async (req) => {
    const d = runtime.knowledge.decide(req.body.text, { hint: req.body.lang ?? null });
    const now = new Date();
    const t = (key: string): string => runtime.i18n.t(d.lang, key);
    let reply: string;
    switch (d.action) {
      case 'answer':
      case 'escalate':
        reply = d.entry ? (runtime.knowledge.answer(d.entry, d.lang, now)?.text ?? '') : runtime.i18n.t(d.lang, 'handoff.waiting', { when: runtime.deps.handoff.whenText(d.lang, now) });
        break;
      case 'clarify':
        reply = t('clarify');
        break;
      case 'smalltalk':
        reply = t(`smalltalk.${d.smalltalk ?? 'greeting'}`);
        break;
      case 'fallback':
        reply = t('fallback');
        break;
    }
    return {
      lang: d.lang,
      action: d.action,
      entry: d.entry,
      title: d.entry ? runtime.knowledge.title(d.entry, d.lang) : null,
      score: d.score,
      crisis: d.crisis ?? false,
      smalltalk: d.smalltalk ?? null,
      candidates: d.candidates.map((c) => ({ entry: c.entry, score: c.score, title: runtime.knowledge.title(c.entry, d.lang) })),
      reply,
    };
  });
};
