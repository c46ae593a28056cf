import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { isAppError } from '../../src/core/errors.js';
import { VisitorId } from '../../src/http/schemas/webchat.js';
import { webchatGuards, type WebchatContext } from './context.js';
import type { ClientEvent, NoticeCode, ServerEvent } from './protocol.js';
import { isServerEvent, parseClientEvent } from './socket-schema.js';
import { submit } from './submit.js';
import { visitorTopic } from './webchat-channel.js';

/** Messages one connection may have waiting for their turn; more are refused, not buffered. */
const MAX_QUEUE = 5;
/** Bytes a slow reader may owe us before its connection is dropped. */
const MAX_BUFFERED = 1 << 20;
/** Open sockets (tabs) per visitor. */
const MAX_PER_VISITOR = 5;
const HEARTBEAT_MS = 30_000;
/** Closes the socket of a tab beyond MAX_PER_VISITOR; the page backs off before it tries again. */
export const CLOSE_TOO_MANY = 4008;

/**
 * The few members of ws's WebSocket used here. Typed locally: the @types/ws that npm hoists (from
 * botbuilder) is too old to describe the socket @fastify/websocket hands over.
 */
interface LiveSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly OPEN: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'pong' | 'close', listener: () => void): unknown;
}

const SocketQuery = Type.Object({ visitor: VisitorId }, { additionalProperties: false });

function frameText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

/** The chat runs on this service's own pages (the widget frames them), so a socket comes from here. */
function sameSite(req: FastifyRequest, publicUrl: string | null): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    const o = new URL(origin);
    // Parsed with the origin's scheme, so that "host:443" and "host" compare equal.
    const own = new URL(`${o.protocol}//${req.host}`).host;
    return o.host === own || (publicUrl !== null && o.host === new URL(publicUrl).host);
  } catch {
    return false;
  }
}

/**
 * The live connection of one browser tab: its messages go through the pipeline one at a time,
 * and everything published for the visitor (replies, staff messages, typing) comes back on it.
 */
export const webchatSocket: FastifyPluginAsyncTypebox<{ ctx: WebchatContext }> = async (app, { ctx }) => {
  const guards = webchatGuards(ctx);
  const byVisitor = new Map<string, Set<LiveSocket>>();
  const answered = new WeakSet<LiveSocket>();

  const heartbeat = setInterval(() => {
    for (const sockets of byVisitor.values()) {
      for (const socket of sockets) {
        // No pong since the last ping: the peer is gone (a phone lost its network) without closing.
        if (!answered.has(socket)) socket.terminate();
        else {
          answered.delete(socket);
          socket.ping();
        }
      }
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  app.addHook('onClose', async () => clearInterval(heartbeat));

  const refuse = (reply: FastifyReply, status: number, message: string): FastifyReply => reply.code(status).send({ code: status === 429 ? 'RATE_LIMITED' : 'FORBIDDEN', message });

  app.get(
    '/api/webchat/socket',
    {
      websocket: true,
      schema: { querystring: SocketQuery },
      onRequest: async (req, reply) => {
        if (!sameSite(req, ctx.config.publicUrl)) return refuse(reply, 403, 'The chat socket is for this service’s own pages.');
        if (!guards.ip.take(req.ip)) return refuse(reply, 429, 'Too many requests; please wait a minute.');
      },
    },
    (socket: LiveSocket, req) => {
      const { visitor } = req.query;
      const sockets = byVisitor.get(visitor) ?? new Set<LiveSocket>();
      if (sockets.size >= MAX_PER_VISITOR) {
        socket.close(CLOSE_TOO_MANY, 'too many connections');
        return;
      }
      sockets.add(socket);
      byVisitor.set(visitor, sockets);
      answered.add(socket);
      socket.on('pong', () => answered.add(socket));

      const send = (event: ServerEvent): void => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED) {
          socket.terminate();
          return;
        }
        socket.send(JSON.stringify(event));
      };
      const notice = (code: NoticeCode, id?: string): void => send(id ? { type: 'notice', code, id } : { type: 'notice', code });

      let closed = false;
      let unsubscribe: (() => Promise<void>) | null = null;
      const subscribed = ctx.bus
        .subscribe(visitorTopic(visitor), (payload) => {
          if (isServerEvent(payload)) send(payload);
        })
        .then(
          (off) => {
            if (closed) void off();
            else {
              unsubscribe = off;
              send({ type: 'ready' });
            }
          },
          () => socket.close(1011, 'live updates unavailable'),
        );

      const queue: ClientEvent[] = [];
      let draining = false;
      const handle = async (event: ClientEvent): Promise<void> => {
        if (event.type === 'message' && Array.from(event.text).length > ctx.config.maxMessageLength) return notice('too-long', event.id);
        try {
          await submit(ctx, {
            visitor,
            id: event.id,
            ...(event.type === 'message' ? { text: event.text } : { postback: event.value }),
            lang: event.lang,
          });
          send({ type: 'ack', id: event.id });
        } catch (e) {
          const code: NoticeCode = isAppError(e) && e.code === 'RATE_LIMITED' ? 'rate-limited' : 'failed';
          if (code === 'failed') ctx.log.warn({ channel: 'webchat', err: e instanceof Error ? e.message : String(e) }, 'web chat message failed');
          notice(code, event.id);
        }
      };
      const drain = async (): Promise<void> => {
        if (draining) return;
        draining = true;
        try {
          await subscribed;
          for (let event = queue.shift(); event && !closed; event = queue.shift()) await handle(event);
        } finally {
          draining = false;
        }
      };

      socket.on('message', (data, isBinary) => {
        if (!guards.ip.take(req.ip)) return notice('rate-limited');
        const event = isBinary ? null : parseClientEvent(frameText(data));
        if (!event) return notice('bad-input');
        if (queue.length >= MAX_QUEUE) return notice('rate-limited', event.id);
        queue.push(event);
        void drain();
      });

      socket.on('close', () => {
        closed = true;
        queue.length = 0;
        sockets.delete(socket);
        if (sockets.size === 0) byVisitor.delete(visitor);
        const off = unsubscribe;
        if (off) void off().catch(() => undefined);
      });
    },
  );
};
