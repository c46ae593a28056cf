import { isLang } from '../../src/core/language.js';
import type { InboundMessage } from '../../src/core/message.js';

/**
 * The few fields of a Bot API update this adapter reads. Declared here (all optional beyond the
 * id) because updates come off the wire: a field Telegram leaves out must not crash a turn.
 */
export interface WireUser {
  id: number;
  is_bot?: boolean;
  language_code?: string;
}
export interface WireChat {
  id: number;
  type: string;
}
export interface WireEntity {
  type: string;
  offset: number;
  length: number;
}
export interface WireMessage {
  date?: number;
  chat?: WireChat;
  from?: WireUser;
  text?: string;
  caption?: string;
  entities?: WireEntity[];
}
export interface WireUpdate {
  update_id: number;
  message?: WireMessage;
  edited_message?: WireMessage;
  channel_post?: unknown;
  edited_channel_post?: unknown;
  callback_query?: { id: string; from?: WireUser; data?: string; message?: { chat?: WireChat } };
  my_chat_member?: { chat?: WireChat; new_chat_member?: { status?: string } };
}

export type Mapped =
  | { kind: 'inbound'; inbound: InboundMessage; callbackQueryId: string | null }
  | { kind: 'ignore'; reason: string; callbackQueryId: string | null }
  /** The user blocked (kicked) the bot in their private chat, or allowed it again. */
  | { kind: 'membership'; chat: string; blocked: boolean };

/** Telegram's menu commands as the pipeline's postbacks: a command is a choice, not words to detect a language in. */
const COMMAND_POSTBACKS: Record<string, string> = {
  start: 'start',
  help: 'help',
  lang: 'lang',
  language: 'lang',
  human: 'human',
  operator: 'human',
  forget: 'forget',
  bot: 'bot',
};

/** Kinds of message a person sends that carry nothing to read: they get the polite "text only" answer. */
const MEDIA = ['sticker', 'photo', 'voice', 'audio', 'video', 'video_note', 'animation', 'document', 'location', 'venue', 'contact', 'poll', 'dice', 'game', 'story'];

export function mapUpdate(update: WireUpdate, now: Date = new Date()): Mapped {
  const id = String(update.update_id);
  if (update.message) return mapMessage(id, update.message, now);
  if (update.callback_query) {
    const q = update.callback_query;
    const chat = q.message?.chat;
    const ignore = (reason: string): Mapped => ({ kind: 'ignore', reason, callbackQueryId: q.id });
    if (!chat || typeof chat.id !== 'number') return ignore('callback-without-message');
    if (chat.type !== 'private') return ignore(`chat-type:${chat.type}`);
    if (!q.from || q.from.is_bot) return ignore('from-bot');
    if (typeof q.data !== 'string' || q.data === '') return ignore('callback-without-data');
    return {
      kind: 'inbound',
      callbackQueryId: q.id,
      inbound: { id, address: address(chat, q.from), content: { type: 'postback', value: q.data }, at: now, ...locale(q.from) },
    };
  }
  if (update.edited_message) return { kind: 'ignore', reason: 'edited-message', callbackQueryId: null };
  if (update.channel_post || update.edited_channel_post) return { kind: 'ignore', reason: 'channel-post', callbackQueryId: null };
  if (update.my_chat_member) {
    const m = update.my_chat_member;
    const status = m.new_chat_member?.status;
    if (m.chat?.type === 'private' && typeof m.chat.id === 'number' && (status === 'kicked' || status === 'member')) {
      return { kind: 'membership', chat: String(m.chat.id), blocked: status === 'kicked' };
    }
    return { kind: 'ignore', reason: 'chat-member', callbackQueryId: null };
  }
  const kind = Object.keys(update).find((k) => k !== 'update_id') ?? 'empty';
  return { kind: 'ignore', reason: `update-type:${kind.slice(0, 40)}`, callbackQueryId: null };
}

function mapMessage(id: string, msg: WireMessage, now: Date): Mapped {
  const ignore = (reason: string): Mapped => ({ kind: 'ignore', reason, callbackQueryId: null });
  const chat = msg.chat;
  if (!chat || typeof chat.id !== 'number') return ignore('message-without-chat');
  // Groups are no place to discuss someone's residence papers, and the bot would answer everyone's chatter.
  if (chat.type !== 'private') return ignore(`chat-type:${chat.type}`);
  if (!msg.from || typeof msg.from.id !== 'number') return ignore('message-without-sender');
  if (msg.from.is_bot) return ignore('from-bot');
  const at = typeof msg.date === 'number' ? new Date(msg.date * 1000) : now;
  const base = { id, address: address(chat, msg.from), at, ...locale(msg.from) };
  if (typeof msg.text === 'string' && msg.text !== '') {
    const postback = commandPostback(msg.text, msg.entities);
    return { kind: 'inbound', callbackQueryId: null, inbound: { ...base, content: postback !== null ? { type: 'postback', value: postback } : { type: 'text', text: msg.text } } };
  }
  // A photo of a letter with "what does this mean?" under it: the question is in the caption.
  if (typeof msg.caption === 'string' && msg.caption.trim() !== '') {
    return { kind: 'inbound', callbackQueryId: null, inbound: { ...base, content: { type: 'text', text: msg.caption } } };
  }
  if (MEDIA.some((k) => k in msg)) {
    // Empty text: the pipeline answers "I can read only text" in the user's language, deduplicated and recorded.
    return { kind: 'inbound', callbackQueryId: null, inbound: { ...base, content: { type: 'text', text: '' } } };
  }
  return ignore('service-message');
}

/** "/lang uk" → "lang:uk"; "/start@CentreBot" → "start"; an unknown command stays text for the pipeline. */
export function commandPostback(text: string, entities: WireEntity[] | undefined): string | null {
  const entity = entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity) return null;
  const name = text.slice(1, entity.length).split('@')[0]?.toLowerCase() ?? '';
  const postback = COMMAND_POSTBACKS[name];
  if (!postback) return null;
  const arg = text.slice(entity.length).trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (postback === 'lang' && isLang(arg)) return `lang:${arg}`;
  return postback;
}

/** The chat whose turns must run one at a time, for ordering a batch of polled updates. */
export function chatOf(update: WireUpdate): string | null {
  const chat = update.message?.chat ?? update.callback_query?.message?.chat ?? update.edited_message?.chat ?? update.my_chat_member?.chat;
  return chat && typeof chat.id === 'number' ? String(chat.id) : null;
}

function address(chat: WireChat, from: WireUser): InboundMessage['address'] {
  return { channel: 'telegram', thread: String(chat.id), user: String(from.id) };
}

function locale(from: WireUser): { locale?: string } {
  return typeof from.language_code === 'string' && from.language_code !== '' ? { locale: from.language_code } : {};
}
