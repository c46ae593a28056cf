import type { Request as BotRequest, Response as BotResponse } from 'botbuilder';
import type { FastifyRequest } from 'fastify';

/**
 * botbuilder's CloudAdapter writes its answer through an Express/Restify-style response
 * (status, header, send, end). Fastify's reply is not one, so the answer is collected here and
 * handed to Fastify afterwards, which keeps Fastify's serialisation, hooks and error handling.
 */
export class ResponseShim implements BotResponse {
  readonly socket: unknown = null;
  statusCode = 200;
  body: unknown = undefined;
  readonly headers: Record<string, string> = {};
  ended = false;

  status(code: unknown): this {
    if (typeof code === 'number') this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  send(...args: unknown[]): this {
    this.body = args[0];
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }
}

/** The parts of a Fastify request that botbuilder reads: the parsed body, headers and method. */
export function toBotRequest(req: FastifyRequest): BotRequest {
  const body = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : undefined;
  return { method: req.method, headers: req.headers, ...(body ? { body } : {}) };
}
