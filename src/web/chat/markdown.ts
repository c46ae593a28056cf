import { h } from './dom.js';

/** **bold**, [text](https://…) or a bare https://… address. */
const INLINE = /\*\*([^*\n]{1,500})\*\*|\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]{1,500})\)|(https?:\/\/[^\s<>()]{1,500}[^\s<>().,;:!?"'])/g;
const BULLET = /^\s*[-*•]\s+(.*)$/;

function link(text: string, href: string): Node {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return document.createTextNode(text);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return document.createTextNode(text);
  return h('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer', text });
}

function inline(parent: HTMLElement, line: string): void {
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) parent.append(line.slice(last, at));
    if (m[1] !== undefined) {
      // Bold may hold a link (the knowledge base's first sentences often do).
      const strong = h('strong');
      inline(strong, m[1]);
      parent.append(strong);
    }
    else if (m[2] !== undefined && m[3] !== undefined) parent.append(link(m[2], m[3]));
    else if (m[4] !== undefined) parent.append(link(m[4], m[4]));
    last = at + m[0].length;
  }
  if (last < line.length) parent.append(line.slice(last));
}

/**
 * The Markdown subset the bot and staff write (paragraphs, "- " bullets, **bold**, links) as DOM
 * nodes. Every piece of text is set as text, so nothing in a message can ever become markup.
 */
export function renderMarkdown(md: string): DocumentFragment {
  const out = document.createDocumentFragment();
  for (const block of md.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    let list: HTMLUListElement | null = null;
    let para: HTMLParagraphElement | null = null;
    for (const line of block.split('\n')) {
      const bullet = BULLET.exec(line);
      if (bullet) {
        para = null;
        if (!list) out.append((list = h('ul')));
        const item = h('li');
        inline(item, bullet[1] ?? '');
        list.append(item);
        continue;
      }
      list = null;
      if (line.trim() === '') continue;
      if (para) para.append(h('br'));
      else out.append((para = h('p')));
      inline(para, line);
    }
  }
  return out;
}

/** What a visitor typed: shown exactly as written, line breaks kept. */
export function renderPlain(text: string): HTMLParagraphElement {
  return h('p', { class: 'plain', text });
}
