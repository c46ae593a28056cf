import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isAppError } from '../../core/errors.js';
import type { Conversation } from '../../core/conversation.js';
import { INBOX_TOPIC } from '../../handoff/inbox.js';
import { publicStaff } from '../../handoff/staff-accounts.js';
import type { Runtime } from '../../runtime.js';
import { SESSION_COOKIE, currentStaff, requireStaff } from '../plugins/staff-auth.js';
import { ConversationParams, KbQuery, ListQuery, LoginBody, TextBody, TransferBody } from '../schemas/staff.js';

const INBOX_ROLES = ['staff', 'admin'] as const;

function summary(c: Conversation, now: Date) {
  return {
    id: c.id,
    channel: c.address.channel,
    lang: c.lang,
    topic: c.topic,
    team: c.team,
    status: c.status,
    assignee: c.assignee,
    escalation: c.escalation,
    interpreter: c.interpreter ?? false,
    intake: c.intake ?? null,
    updatedAt: c.updatedAt,
    waitingSeconds: c.status === 'waiting' ? Math.max(0, Math.round((now.getTime() - Date.parse(c.updatedAt)) / 1000)) : 0,
    unreachable: c.unreachable ?? null,
  };
}

/** The staff HTTP API: the inbox page uses it, and so may other tools. */
export const staffApi: FastifyPluginAsyncTypebox<{ runtime: Runtime }> = async (app, { runtime }) => {
  const { accounts, inbox } = runtime.staff;
  const cfg = runtime.config.handoff;
  const audit = (actor: string, action: string, target: string | null, details: Record<string, string | number | null> = {}) =>
    runtime.store.audit.append({ id: randomUUID(), at: new Date().toISOString(), actor, action, target, details });

  app.post('/api/staff/session', { schema: { body: LoginBody }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
    try {
      const { user, session } = await accounts.login(req.body.email, req.body.password);
      await audit(user.id, 'login', user.id);
      void reply.setCookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'strict', secure: cfg.cookieSecure, path: '/', maxAge: cfg.sessionHours * 3600 });
      return { staff: publicStaff(user), csrf: session.csrf };
    } catch (e) {
      if (isAppError(e)) await audit('unknown', 'login-failed', null, { reason: e.code });
      throw e;
    }
  });

  app.delete('/api/staff/session', { preHandler: requireStaff(['staff', 'editor', 'admin']) }, async (req, reply) => {
    const auth = req.staffAuth;
    if (auth) {
      await runtime.store.sessions.delete(auth.session.id);
      await audit(auth.user.id, 'logout', auth.user.id);
    }
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/staff/me', { preHandler: requireStaff(['staff', 'editor', 'admin']) }, async (req) => ({ staff: publicStaff(currentStaff(req)), csrf: req.staffAuth?.session.csrf ?? '' }));

  app.get('/api/staff/colleagues', { preHandler: requireStaff(INBOX_ROLES) }, async () => ({
    staff: (await runtime.store.staff.list()).filter((s) => s.role !== 'editor').map((s) => ({ id: s.id, name: s.name, teams: s.teams, languages: s.languages })),
    teams: Object.keys(cfg.teams),
  }));

  app.get('/api/staff/conversations', { schema: { querystring: ListQuery }, preHandler: requireStaff(INBOX_ROLES) }, async (req) => {
    const now = new Date();
    const list = await inbox.list(currentStaff(req), req.query.status);
    return { conversations: list.map((c) => summary(c, now)) };
  });

  app.get('/api/staff/conversations/:id', { schema: { params: ConversationParams }, preHandler: requireStaff(INBOX_ROLES) }, async (req) => {
    const v = await inbox.view(currentStaff(req), req.params.id);
    return { conversation: summary(v.conversation, new Date()), messages: v.messages };
  });

  app.post('/api/staff/conversations/:id/claim', { schema: { params: ConversationParams }, preHandler: requireStaff(INBOX_ROLES) }, async (req) => ({
    conversation: summary(await inbox.claim(currentStaff(req), req.params.id), new Date()),
  }));

  app.post('/api/staff/conversations/:id/transfer', { schema: { params: ConversationParams, body: TransferBody }, preHandler: requireStaff(INBOX_ROLES) }, async (req) => ({
    conversation: summary(await inbox.transfer(currentStaff(req), req.params.id, req.body), new Date()),
  }));

  app.post('/api/staff/conversations/:id/messages', { schema: { params: ConversationParams, body: TextBody }, preHandler: requireStaff(INBOX_ROLES) }, async (req) => ({
    message: await inbox.reply(currentStaff(req), req.params.id, req.body.text),
  }));

  app.post('/api/staff/conversations/:id/notes', { schema: { params: ConversationParams, body: TextBody }, preHandler: requireStaff(INBOX_ROLES) }, async (req) => ({
    message: await inbox.note(currentStaff(req), req.params.id, req.body.text),
  }));

  app.post('/api/staff/conversations/:id/close', { schema: { params: ConversationParams }, preHandler: requireStaff(INBOX_ROLES) }, async (req) => ({
    conversation: summary(await inbox.close(currentStaff(req), req.params.id), new Date()),
  }));

  /** Answers from the knowledge base in the user's language, to insert into a reply. */
  app.get('/api/staff/kb', { schema: { querystring: KbQuery }, preHandler: requireStaff(INBOX_ROLES) }, async (req) => {
    const d = runtime.knowledge.decide(req.query.q, { hint: req.query.lang });
    const ids = d.entry ? [d.entry, ...d.candidates.map((c) => c.entry).filter((e) => e !== d.entry)] : d.candidates.map((c) => c.entry);
    return {
      results: ids.slice(0, 5).map((id) => ({ entry: id, title: runtime.knowledge.title(id, req.query.lang), answer: runtime.knowledge.answer(id, req.query.lang, new Date())?.text ?? '' })),
    };
  });

  /** Server-sent events: the inbox refreshes when a conversation changes, on whichever instance. */
  app.get('/api/staff/events', { preHandler: requireStaff(INBOX_ROLES) }, async (req, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    reply.raw.write('retry: 3000\n\n');
    const unsubscribe = await runtime.bus.subscribe(INBOX_TOPIC, (payload) => {
      const p = payload as { id?: unknown; status?: unknown };
      if (typeof p.id !== 'string' || typeof p.status !== 'string') return;
      reply.raw.write(`event: conversation\ndata: ${JSON.stringify({ id: p.id, status: p.status })}\n\n`);
    });
    const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      void unsubscribe();
    });
  });
};
