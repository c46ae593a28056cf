import { DeliveryError } from '../../src/core/errors.js';

export interface ReplyButton {
  type: 'reply';
  reply: { id: string; title: string };
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

/** The message objects this adapter sends (the Graph API's `type` and its object). */
export type OutboundPayload =
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | { type: 'interactive'; interactive: { type: 'button'; body: { text: string }; action: { buttons: ReplyButton[] } } }
  | { type: 'interactive'; interactive: { type: 'list'; body: { text: string }; action: { button: string; sections: { rows: ListRow[] }[] } } }
  | {
      type: 'template';
      template: { name: string; language: { code: string }; components?: { type: 'body'; parameters: { type: 'text'; text: string }[] }[] };
    };

export interface GraphSettings {
  graphUrl: string;
  token: string;
  phoneNumberId: string;
  timeoutMs?: number;
}

/**
 * Graph API error codes that no retry will fix for this user: 131026 undeliverable (not on
 * WhatsApp, or an old app), 131047 the 24-hour window closed, 131021 sending to ourselves, 131030
 * a test number's recipient not on the allowed list. Anything else may be ours or passing.
 */
const PERMANENT = new Set([131026, 131047, 131021, 131030]);

/** Sends messages through the Graph API with plain fetch; the answer's message id is returned. */
export class GraphApi {
  constructor(private readonly settings: GraphSettings) {}

  async send(to: string, payload: OutboundPayload): Promise<string> {
    const url = `${this.settings.graphUrl}/${encodeURIComponent(this.settings.phoneNumberId)}/messages`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.settings.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...payload }),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new DeliveryError('the WhatsApp Graph API could not be reached', { permanent: false, channel: 'whatsapp', cause: e });
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = readError(body);
      const permanent = err.code !== null && PERMANENT.has(err.code);
      throw new DeliveryError(`WhatsApp refused the message (${err.code ?? res.status}: ${err.message})`, { permanent, channel: 'whatsapp', status: res.status });
    }
    const id = messageId(body);
    if (!id) throw new DeliveryError('the WhatsApp Graph API answered without a message id', { permanent: false, channel: 'whatsapp', status: res.status });
    return id;
  }
}

function readError(body: unknown): { code: number | null; message: string } {
  const e = typeof body === 'object' && body !== null && 'error' in body ? body.error : null;
  if (typeof e !== 'object' || e === null) return { code: null, message: 'no error details' };
  const code = 'code' in e && typeof e.code === 'number' ? e.code : null;
  const message = 'message' in e && typeof e.message === 'string' ? e.message.slice(0, 200) : 'no error details';
  return { code, message };
}

function messageId(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('messages' in body) || !Array.isArray(body.messages)) return null;
  const first: unknown = body.messages[0];
  return typeof first === 'object' && first !== null && 'id' in first && typeof first.id === 'string' ? first.id : null;
}
