import Type from 'typebox';
import Value from 'typebox/value';
import { LangSchema as Lang } from '../../src/http/schemas/webchat.js';
import type { ClientEvent, ServerEvent } from './protocol.js';

const ClientId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

/** The frames a browser may send; anything else is answered with a notice, not processed. */
const ClientEventSchema = Type.Union([
  // Longer texts than the service reads get a friendly notice rather than a schema error.
  Type.Object({ type: Type.Literal('message'), id: ClientId, text: Type.String({ maxLength: 100_000 }), lang: Type.Optional(Lang) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('postback'), id: ClientId, value: Type.String({ minLength: 1, maxLength: 200 }), lang: Type.Optional(Lang) }, { additionalProperties: false }),
]);

export function parseClientEvent(raw: string): ClientEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  return Value.Check(ClientEventSchema, value) ? value : null;
}

const SERVER_TYPES = new Set<string>(['message', 'typing', 'saved', 'forgotten', 'ack', 'notice', 'feedback', 'ready']);

/** Bus payloads come from this service's own code; this only keeps a foreign shape off the wire. */
export function isServerEvent(payload: unknown): payload is ServerEvent {
  return typeof payload === 'object' && payload !== null && 'type' in payload && typeof payload.type === 'string' && SERVER_TYPES.has(payload.type);
}
