import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { BotframeworkEndpoint } from './botframework-channel.js';
import { ResponseShim, toBotRequest } from './response-shim.js';

/** Just enough to turn away what is not an activity; botbuilder validates the rest. */
const ActivityBody = Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: true });

const GENERIC = { code: 'INTERNAL', message: 'Something went wrong; please try again.' };
const UNAUTHORIZED = { code: 'UNAUTHORIZED', message: 'A valid Bot Framework token is required.' };

/**
 * POST /api/messages, the Bot Framework messaging endpoint. botbuilder's CloudAdapter does the
 * authentication and the turn; its answer is collected in a shim and sent by Fastify. Its
 * reasons for a refusal stay in our log, not in the answer.
 */
export const botframeworkRoute: FastifyPluginAsyncTypebox<{ endpoint: BotframeworkEndpoint }> = async (app, { endpoint }) => {
  app.post('/api/messages', { schema: { body: ActivityBody } }, async (req, reply) => {
    // Refused before botbuilder, which would print a stack trace to stderr for each such request.
    if (endpoint.authenticated && !/^Bearer \S+$/.test(req.headers.authorization ?? '')) {
      req.log.info({ channel: 'botframework', reason: 'no bearer token' }, 'activity refused');
      return reply.status(401).send(UNAUTHORIZED);
    }
    const res = new ResponseShim();
    await endpoint.process(toBotRequest(req), res);
    if (res.statusCode === 401) {
      req.log.info({ channel: 'botframework', reason: typeof res.body === 'string' ? res.body.slice(0, 200) : 'refused' }, 'activity refused');
      return reply.status(401).send(UNAUTHORIZED);
    }
    if (res.statusCode >= 500) {
      req.log.error({ channel: 'botframework', status: res.statusCode }, 'activity failed');
      return reply.status(res.statusCode).send(GENERIC);
    }
    reply.status(res.statusCode);
    if (res.body === undefined || res.body === null) return reply.send();
    if (typeof res.body === 'string') return reply.type('text/plain; charset=utf-8').send(res.body);
    return reply.send(res.body);
  });
};
