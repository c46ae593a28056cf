import type { Lang } from './language.js';

export const CHANNELS = ['telegram', 'whatsapp', 'webchat', 'botframework'] as const;
export type ChannelId = (typeof CHANNELS)[number];

/** Where a message came from and where replies go. `ref` is channel-private (e.g. a ConversationReference). */
export interface Address {
  channel: ChannelId;
  /** The chat or conversation on the channel; one Conversation per (channel, thread). */
  thread: string;
  /** The person on the channel. */
  user: string;
  ref?: unknown;
}

export interface ChoiceOption {
  label: string;
  value: string;
}

/** Text uses a Markdown subset: paragraphs, "- " bullets, **bold**, [text](https://...). */
export type Content =
  | { type: 'text'; text: string }
  | { type: 'choice'; text: string; options: ChoiceOption[] }
  | { type: 'postback'; value: string };

export interface InboundMessage {
  /** Unique per channel; the same id is handled once. */
  id: string;
  address: Address;
  content: Content;
  /** The platform's language hint (Telegram language_code, Bot Framework locale). */
  locale?: string;
  at: Date;
}

export interface ChannelCapabilities {
  buttons: boolean;
  markdown: 'html' | 'whatsapp' | 'markdown' | 'none';
  maxText: number;
  /** Most buttons one message may carry; a longer choice becomes a numbered list. */
  maxButtons: number;
}

export interface SendResult {
  externalId?: string;
}

/** Who speaks: the bot, or a staff member (the web chat shows staff replies differently). */
export interface SendOptions {
  from?: 'bot' | 'staff';
  /** The staff member's display name, for channels that show it. */
  author?: string;
}

export interface Channel {
  readonly id: ChannelId;
  readonly capabilities: ChannelCapabilities;
  send(to: Address, content: Content, lang: Lang, opts?: SendOptions): Promise<SendResult>;
}

export function conversationKey(address: Pick<Address, 'channel' | 'thread'>): string {
  return `${address.channel}:${address.thread}`;
}
