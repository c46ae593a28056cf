import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { webchatGuards } from '../../../adapters/webchat/context.js';
import { recordFeedback } from '../../../adapters/webchat/feedback.js';
import { submit } from '../../../adapters/webchat/submit.js';
import { historyOf } from '../../../adapters/webchat/transcript-view.js';
import { AppError } from '../../core/errors.js';
import type { Runtime } from '../../runtime.js';
import { FeedbackBody, HistoryQuery, HistoryReply, PostMessageBody, PostMessageReply } from '../schemas/webchat.js';

/**
 * The web chat's HTTP entry: a message in, the bot's replies out (live updates and staff replies
 * also arrive over the socket). The visitor id is an unguessable id the browser keeps.
 */
export const webchatApi: FastifyPluginAsyncTypebox<{ runtime: Runtime }> = async (app, { runtime }) => {
  const guards = webchatGuards(runtime);
  app.addHook('onRequest', async (req) => {
    if (!guards.ip.take(req.ip)) throw new AppError('RATE_LIMITED', 'Too many requests; please wait a minute.');
  });

  app.post('/api/webchat/messages', { schema: { body: PostMessageBody, response: { 200: PostMessageReply } } }, async (req) => {
    const { visitor, text, postback, lang, id } = req.body;
    if ((text === undefined) === (postback === undefined)) throw new AppError('BAD_INPUT', 'send either text or postback');
    const outcome = await submit(runtime, { visitor, id: id ?? randomUUID(), text, postback, lang });
    return { conversationId: outcome.conversationId, duplicate: outcome.status === 'duplicate', replies: outcome.replies.map((r) => r.content) };
  });

  app.get('/api/webchat/history', { schema: { querystring: HistoryQuery, response: { 200: HistoryReply } } }, async (req) => historyOf(runtime, req.query.visitor));

  app.post('/api/webchat/feedback', { schema: { body: FeedbackBody } }, async (req, reply) => {
    await recordFeedback(runtime, req.body.visitor, req.body.message, req.body.value);
    return reply.code(204).send();
  });
};
