import type { InboundMessage } from '../../src/core/message.js';
import { localeFromPhone } from './phone-locale.js';
import type { WaWebMessage, WaWebReaction } from './web-client.js';

export type Converted = { inbound: InboundMessage } | { dropped: string };

/** Things a person sent that the bot cannot read; they get the polite "text only" answer. */
const UNREADABLE = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker', 'location', 'vcard', 'multi_vcard', 'album', 'order', 'product', 'poll_creation', 'groups_v4_invite', 'payment', 'scheduled_event_creation', 'unknown']);

function notAPerson(chat: string): string | null {
  if (chat === 'status@broadcast') return 'status update';
  if (chat.endsWith('@g.us')) return 'group chat';
  if (chat.endsWith('@newsletter') || chat.endsWith('@broadcast')) return 'broadcast';
  return null;
}

/** A whatsapp-web.js message as the pipeline's InboundMessage, or why it is left alone. */
export function fromWebMessage(m: WaWebMessage): Converted {
  // The Centre's phone may also be used by people; their own messages are not questions to answer.
  if (m.fromMe) return { dropped: 'own message' };
  if (m.isStatus || m.broadcast) return { dropped: 'status update' };
  const skip = notAPerson(m.from);
  if (skip) return { dropped: skip };
  let text: string;
  if (m.type === 'chat' || m.type === 'buttons_response' || m.type === 'list_response') text = m.body;
  else if (UNREADABLE.has(m.type)) text = '';
  else return { dropped: `system message (${m.type})` };
  const locale = localeFromPhone(m.from);
  return {
    inbound: {
      id: m.id._serialized,
      address: { channel: 'whatsapp', thread: m.from, user: m.author ?? m.from },
      content: { type: 'text', text },
      at: new Date(m.timestamp * 1000),
      ...(locale ? { locale } : {}),
    },
  };
}

/** A reaction is not text either; taking a reaction back says nothing at all. */
export function fromWebReaction(r: WaWebReaction): Converted {
  if (r.id.fromMe) return { dropped: 'own reaction' };
  if (!r.reaction) return { dropped: 'reaction removed' };
  const skip = notAPerson(r.id.remote);
  if (skip) return { dropped: skip };
  const locale = localeFromPhone(r.id.remote);
  return {
    inbound: {
      id: `reaction:${r.id._serialized}`,
      address: { channel: 'whatsapp', thread: r.id.remote, user: r.senderId || r.id.remote },
      content: { type: 'text', text: '' },
      at: new Date(r.timestamp * 1000),
      ...(locale ? { locale } : {}),
    },
  };
}
