import type { ChannelCapabilities, ChoiceOption, Content } from '../core/message.js';

/**
 * Content is rendered for a channel in this one place, by capability: Markdown-subset text to
 * Telegram HTML, WhatsApp formatting or plain text; a choice to buttons where the channel has
 * them and there are few enough, else to a numbered list where a reply of "2" picks option two.
 */
export type MarkupStyle = ChannelCapabilities['markdown'];

export interface RenderedMessage {
  text: string;
  buttons: ChoiceOption[] | null;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const LINK = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]{1,500})\)/g;
const BOLD = /\*\*([^*\n]{1,500})\*\*/g;
const BULLET = /^[-*] /gm;

export function renderMarkup(md: string, style: MarkupStyle): string {
  switch (style) {
    case 'markdown':
      return md;
    case 'html':
      // Escape first, so that nothing anyone wrote can become a tag; then add our few tags.
      return escapeHtml(md)
        .replace(LINK, (_m, t: string, u: string) => `<a href="${u}">${t}</a>`)
        .replace(BOLD, '<b>$1</b>')
        .replace(BULLET, '• ');
    case 'whatsapp':
      return md
        .replace(LINK, (_m, t: string, u: string) => `${t}: ${u}`)
        .replace(BOLD, '*$1*')
        .replace(BULLET, '• ');
    case 'none':
      return md
        .replace(LINK, (_m, t: string, u: string) => `${t}: ${u}`)
        .replace(BOLD, '$1')
        .replace(BULLET, '• ');
  }
}

export function render(content: Content, caps: ChannelCapabilities): RenderedMessage {
  if (content.type === 'postback') return { text: content.value, buttons: null };
  if (content.type === 'text') return { text: renderMarkup(content.text, caps.markdown), buttons: null };
  const head = renderMarkup(content.text, caps.markdown);
  if (caps.buttons && content.options.length <= caps.maxButtons) return { text: head, buttons: content.options };
  const list = content.options.map((o, i) => `${i + 1}. ${caps.markdown === 'html' ? escapeHtml(o.label) : o.label}`).join('\n');
  return { text: `${head}\n\n${list}`, buttons: null };
}

/** Splits a long text below `max` characters at paragraph, then line, then word boundaries. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n\n');
    if (cut < max / 3) cut = window.lastIndexOf('\n');
    if (cut < max / 3) cut = window.lastIndexOf(' ');
    if (cut < max / 3) cut = max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}
