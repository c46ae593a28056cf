import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.js';
import type { InboundMessage } from '../../core/message.js';
import type { Runtime } from '../../runtime.js';
import { HistoryQuery, HistoryReply, PostMessageBody, PostMessageReply } from '../schemas/webchat.js';

/**
 * The web chat's HTTP entry: a message in, the bot's replies out (live updates and staff replies
 * also arrive over the socket). The visitor id is an unguessable id the browser keeps.
 */
export const webchatApi: FastifyPluginAsyncTypebox<{ runtime: Runtime }> = async (app, { runtime }) => {
  app.post('/api/webchat/messages', { schema: { body: PostMessageBody, response: { 200: PostMessageReply } } }, async (req) => {
    const { visitor, text, postback, lang, id } = req.body;
    if ((text === undefined) === (postback === undefined)) throw new AppError('BAD_INPUT', 'send either text or postback');
    const inbound: InboundMessage = {
      id: id ?? randomUUID(),
      address: { channel: 'webchat', thread: visitor, user: visitor },
      content: postback !== undefined ? { type: 'postback', value: postback } : { type: 'text', text: text ?? '' },
      at: new Date(),
      ...(lang ? { locale: lang } : {}),
    };
    const outcome = await runtime.pipeline.handle(inbound);
    return { conversationId: outcome.conversationId, duplicate: outcome.status === 'duplicate', replies: outcome.replies.map((r) => r.content) };
  });

  app.get('/api/webchat/history', { schema: { querystring: HistoryQuery, response: { 200: HistoryReply } } }, async (req) => {
    const id = `webchat:${req.query.visitor}`;
    const conversation = await runtime.store.conversations.get(id);
    if (!conversation) return { lang: null, status: 'bot', messages: [] };
    const messages = await runtime.store.conversations.messages(id, { limit: 200 });
    return {
      lang: conversation.lang,
      status: conversation.status,
      // Internal staff notes never leave the inbox.
      messages: messages.filter((m) => m.role !== 'note').map((m) => ({ id: m.id, role: m.role, text: m.text, at: m.at })),
    };
  });
};
