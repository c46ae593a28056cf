import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';
import type { ChannelCapabilities, ChoiceOption, Content } from '../../src/core/message.js';
import { escapeHtml, render, renderMarkup, splitText } from '../../src/conversation/render.js';

/** Telegram counts the 4,096 characters after parsing the HTML; the Markdown source is never shorter. */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = { buttons: true, markdown: 'html', maxText: 4096, maxButtons: 10 };

/** Parts are cut a little below the limit, so that a note or a list number never pushes one over. */
const PART_MAX = 4000;
/** Telegram's limit on a button's callback_data. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** One sendMessage call: HTML text, and inline buttons on the last part of a choice. */
export interface TelegramMessage {
  text: string;
  keyboard: InlineKeyboardMarkup | null;
}

/**
 * Content as Telegram messages. Rendering itself is the shared renderer's (by capability); here
 * only what is Telegram's own: cutting below the limit at paragraph boundaries before rendering
 * (so that no part ends inside a tag), and buttons laid out as an inline keyboard.
 */
export function renderForTelegram(content: Content, caps: ChannelCapabilities = TELEGRAM_CAPABILITIES): TelegramMessage[] {
  if (content.type === 'postback') return [{ text: escapeHtml(content.value), keyboard: null }];
  if (content.type === 'text') return splitText(content.text, PART_MAX).map((part) => ({ text: renderMarkup(part, caps.markdown), keyboard: null }));

  // A value Telegram would refuse as callback_data makes the whole choice a numbered list, which
  // the pipeline understands as well ("2" picks the second option).
  const buttons = caps.buttons && content.options.length <= caps.maxButtons && content.options.every(fitsButton);
  const listLength = buttons ? 0 : content.options.reduce((n, o) => n + o.label.length + 6, 2);
  const parts = splitText(content.text, Math.max(500, PART_MAX - listLength));
  const last = parts.pop() ?? '';
  const head = parts.map((part) => ({ text: renderMarkup(part, caps.markdown), keyboard: null }));
  const rendered = render({ ...content, text: last }, { ...caps, buttons });
  return [...head, { text: rendered.text, keyboard: rendered.buttons ? inlineKeyboard(rendered.buttons) : null }];
}

function fitsButton(o: ChoiceOption): boolean {
  const bytes = Buffer.byteLength(o.value, 'utf8');
  return bytes > 0 && bytes <= CALLBACK_DATA_MAX_BYTES && o.label.trim() !== '';
}

/** Short labels (languages, yes/no) side by side; entry titles one per row, so they stay readable. */
export function inlineKeyboard(options: ChoiceOption[]): InlineKeyboardMarkup {
  const longest = Math.max(...options.map((o) => Array.from(o.label).length));
  const perRow = longest <= 12 ? 3 : longest <= 20 ? 2 : 1;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < options.length; i += perRow) {
    rows.push(options.slice(i, i + perRow).map((o) => ({ text: o.label, callback_data: o.value })));
  }
  return { inline_keyboard: rows };
}
