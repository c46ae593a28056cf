import type { InboundMessage } from '../../src/core/message.js';
import type { CloudMessage } from './cloud-payload.js';
import { localeFromPhone } from './phone-locale.js';

export type Converted = { inbound: InboundMessage } | { dropped: string };

/** Messages about the account itself (a changed number), not from a person asking something. */
const SYSTEM = new Set(['system', 'request_welcome', 'ephemeral']);

/**
 * A Cloud API message as the pipeline's InboundMessage. Anything that is not text (media,
 * locations, contacts, reactions, orders) arrives as empty text, which the pipeline answers with
 * the polite "I can read only text" in the user's language.
 */
export function fromCloudMessage(m: CloudMessage, now: Date): Converted {
  if (SYSTEM.has(m.type)) return { dropped: `system message (${m.type})` };
  const seconds = Number(m.timestamp);
  const at = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now;
  const locale = localeFromPhone(m.from);
  const base = { id: m.id, address: { channel: 'whatsapp' as const, thread: m.from, user: m.from }, at, ...(locale ? { locale } : {}) };
  switch (m.type) {
    case 'text':
      return { inbound: { ...base, content: { type: 'text', text: m.text ?? '' } } };
    case 'interactive':
      if (m.choice) return { inbound: { ...base, content: { type: 'postback', value: m.choice } } };
      return { dropped: 'interactive message without a choice' };
    case 'button':
      return { inbound: { ...base, content: { type: 'text', text: m.buttonText ?? '' } } };
    case 'reaction':
      if (!m.emoji) return { dropped: 'reaction removed' };
      return { inbound: { ...base, content: { type: 'text', text: '' } } };
    default:
      return { inbound: { ...base, content: { type: 'text', text: '' } } };
  }
}
