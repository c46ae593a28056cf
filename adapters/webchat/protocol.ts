import type { Lang } from '../../src/core/language.js';
import type { ChoiceOption, Content } from '../../src/core/message.js';

/**
 * What the server and the browser say to each other: the socket's JSON frames, the history
 * items and the page's configuration. Types only (plus two tiny pure helpers), so that the
 * browser bundle can import it without pulling in anything of the server.
 */

export type Sender = 'bot' | 'staff';
export type FeedbackValue = 'helpful' | 'unhelpful';

/** A reply for the visitor, published on the bus topic `webchat:<visitor>` by whoever composed it. */
export interface WebchatMessage {
  type: 'message';
  from: Sender;
  content: Content;
  lang: Lang;
  at: string;
  /** The staff member's name on a staff reply. */
  author?: string;
}

/** One message of the stored conversation, as the visitor may see it (staff notes never are). */
export interface TranscriptItem {
  id: string;
  role: string;
  text: string;
  at: string;
  lang: Lang | null;
  /** A knowledge-base answer: the visitor may say whether it helped. */
  answer: boolean;
  feedback: FeedbackValue | null;
}

/** GET /api/webchat/history */
export interface History {
  lang: Lang | null;
  status: string;
  messages: TranscriptItem[];
  /** The buttons of the question the bot is waiting on, so that they survive a reload. */
  choices: ChoiceOption[] | null;
}

export type NoticeCode = 'rate-limited' | 'too-long' | 'bad-input' | 'not-found' | 'failed';

/** Server → browser. Staff tools publish `message` and `typing` with from: 'staff' on the same topic. */
export type ServerEvent =
  | WebchatMessage
  | { type: 'typing'; from: Sender; on: boolean }
  /** The newest stored messages after a turn, so that live bubbles learn their ids. */
  | { type: 'saved'; messages: TranscriptItem[] }
  /** The visitor asked to be forgotten and the conversation is gone. */
  | { type: 'forgotten' }
  | { type: 'ack'; id: string }
  | { type: 'notice'; code: NoticeCode; id?: string }
  | { type: 'feedback'; message: string; value: FeedbackValue }
  /** The socket is subscribed: what happens from now on arrives live, so the history can be read. */
  | { type: 'ready' };

/** Browser → server. `id` is the browser's own id of a message, so that a resend is handled once. */
export type ClientEvent = { type: 'message'; id: string; text: string; lang?: Lang } | { type: 'postback'; id: string; value: string; lang?: Lang };

/** The web chat's own phrases (locales/<lng>/webchat.json). */
export const UI_KEYS = [
  'title',
  'subtitle',
  'language',
  'conversation',
  'inputLabel',
  'placeholder',
  'send',
  'close',
  'you',
  'assistant',
  'staff',
  'typingBot',
  'typingStaff',
  'reconnecting',
  'suggestions',
  'feedbackQuestion',
  'helpful',
  'notHelpful',
  'feedbackThanks',
  'tooLong',
  'rateLimited',
  'notSent',
  'privacy',
  'launcher',
] as const;
export type UiKey = (typeof UI_KEYS)[number];
export type UiStrings = Record<UiKey, string>;

/** Embedded in the page as JSON: everything the browser needs before it opens the socket. */
export interface PageConfig {
  /** The language the page was asked for (`?lang=`), else the service's default. */
  lang: Lang;
  /** `?lang=` was given (a QR code for Ukrainians): it wins over the visitor's stored choice. */
  langFromUrl: boolean;
  /** Inside the widget's frame: show a close button and talk to the host page. */
  embed: boolean;
  maxLength: number;
  languages: { code: Lang; name: string }[];
  strings: Record<Lang, UiStrings>;
  /** The greeting and the popular topics, shown before anything is stored. */
  welcome: Record<Lang, { text: string; options: ChoiceOption[] }>;
}

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'ckb']);

/** None of today's five languages is right-to-left, but the page is ready for one that is. */
export function dirOf(lang: string): 'ltr' | 'rtl' {
  return RTL.has(lang.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

/** Fills `{{name}}` placeholders of a UI phrase. */
export function fill(phrase: string, vars: Record<string, string | number>): string {
  return phrase.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
