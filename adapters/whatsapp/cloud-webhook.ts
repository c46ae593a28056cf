import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError } from '../../src/core/errors.js';
import type { InboundMessage } from '../../src/core/message.js';
import type { Log } from '../../src/core/ports.js';
import { fromCloudMessage } from './cloud-inbound.js';
import { parseWebhook, type CloudStatus } from './cloud-payload.js';
import { sameSecret, validHubSignature } from './secure-compare.js';

export interface CloudWebhookDeps {
  verifyToken: string;
  appSecret: string;
  phoneNumberId: string;
  handle(inbound: InboundMessage): Promise<unknown>;
  noteInbound(thread: string, at: Date): void;
  applyStatus(status: CloudStatus): Promise<unknown>;
  clock(): Date;
  log: Log;
}

const VerifyQuery = Type.Object({
  'hub.mode': Type.Optional(Type.String({ maxLength: 50 })),
  'hub.verify_token': Type.Optional(Type.String({ maxLength: 500 })),
  'hub.challenge': Type.Optional(Type.String({ maxLength: 200 })),
});
const SignatureHeaders = Type.Object({ 'x-hub-signature-256': Type.Optional(Type.String({ maxLength: 200 })) });
const Ack = Type.Object({ ok: Type.Boolean() });

function errText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 300);
}

/**
 * GET answers Meta's subscription handshake; POST takes signed notifications. The body must be
 * checked byte for byte against X-Hub-Signature-256, so this plugin (and only it: Fastify
 * encapsulates it) reads JSON as a raw buffer.
 */
export function cloudWebhookRoutes(deps: CloudWebhookDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.get('/webhooks/whatsapp', { schema: { querystring: VerifyQuery } }, async (req, reply) => {
      const q = req.query;
      const token = q['hub.verify_token'];
      if (q['hub.mode'] !== 'subscribe' || !token || !sameSecret(token, deps.verifyToken) || q['hub.challenge'] === undefined) {
        deps.log.warn({ channel: 'whatsapp' }, 'webhook verification refused');
        throw new AppError('FORBIDDEN', 'verification failed');
      }
      return reply.type('text/plain; charset=utf-8').send(q['hub.challenge']);
    });

    app.post('/webhooks/whatsapp', { schema: { headers: SignatureHeaders, response: { 200: Ack } } }, async (req) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.headers['x-hub-signature-256'];
      if (!validHubSignature(raw, typeof signature === 'string' ? signature : undefined, deps.appSecret)) {
        deps.log.warn({ channel: 'whatsapp', reqId: req.id }, 'webhook with a bad or missing signature refused');
        throw new AppError('UNAUTHORIZED', 'bad signature');
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('BAD_INPUT', 'the body is not JSON');
      }
      for (const change of parseWebhook(body)) {
        if (change.phoneNumberId !== null && change.phoneNumberId !== deps.phoneNumberId) {
          deps.log.debug({ channel: 'whatsapp', reason: 'another phone number' }, 'webhook change skipped');
          continue;
        }
        for (const m of change.messages) {
          const converted = fromCloudMessage(m, deps.clock());
          if ('dropped' in converted) {
            deps.log.debug({ channel: 'whatsapp', id: m.id, reason: converted.dropped }, 'inbound dropped');
            continue;
          }
          deps.noteInbound(converted.inbound.address.thread, converted.inbound.at);
          // One message's failure must not cost the others; Meta would resend them all on an error.
          await deps.handle(converted.inbound).catch((e: unknown) => deps.log.error({ channel: 'whatsapp', id: m.id, err: errText(e) }, 'inbound not handled'));
        }
        for (const s of change.statuses) {
          await deps.applyStatus(s).catch((e: unknown) => deps.log.error({ channel: 'whatsapp', id: s.id, err: errText(e) }, 'status not applied'));
        }
      }
      return { ok: true };
    });
  };
}
