import { renderMarkdown } from '../chat/markdown.js';
import type { Ctx } from './context.js';
import { clear, h } from './dom.js';
import type { PreviewChannel } from './types.js';

/** WhatsApp's own marks: *bold* is bold, the rest is shown as sent. */
function whatsappText(text: string): HTMLElement {
  const p = h('p', { class: 'plain' });
  let last = 0;
  for (const m of text.matchAll(/\*([^*\n]+)\*/g)) {
    const at = m.index ?? 0;
    if (at > last) p.append(text.slice(last, at));
    p.append(h('strong', { text: m[1] ?? '' }));
    last = at + m[0].length;
  }
  if (last < text.length) p.append(text.slice(last));
  return p;
}

function channelCard(ctx: Ctx, c: PreviewChannel, lang: string): HTMLElement {
  const { s } = ctx;
  const bubbles = c.parts.map((part, i) => {
    const bubble = h('div', { class: `bubble ${c.channel}`, lang });
    // Telegram shows the same marks as the web chat; its HTML is listed below as sent.
    if (c.markup === 'markdown' || c.markup === 'html') bubble.append(renderMarkdown(c.sourceParts[i] ?? part));
    else if (c.markup === 'whatsapp') bubble.append(whatsappText(part));
    else bubble.append(h('p', { class: 'plain', text: part }));
    return bubble;
  });
  const details =
    c.markup === 'html'
      ? h('details', { class: 'raw' }, [h('summary', { text: s.asSent }), ...c.parts.map((p) => h('pre', { text: p }))])
      : null;
  return h('article', { class: 'channel-preview' }, [
    h('h4', {}, [h('span', { text: s.channelName[c.channel] ?? c.channel }), c.enabled ? null : h('span', { class: 'muted', text: ` · ${s.channelOff}` })]),
    c.parts.length > 1 ? h('p', { class: 'muted', text: s.splitInto(c.parts.length, c.maxText) }) : null,
    ...bubbles,
    details,
  ]);
}

/** The answer as each channel will show it: its markup, and cut into the channel's message size. */
export function previewInto(ctx: Ctx, host: HTMLElement, text: string, lang: string): void {
  clear(host, h('p', { class: 'muted', role: 'status', text: ctx.s.loading }));
  ctx.api.preview(text).then(
    (r) => clear(host, h('div', { class: 'previews', role: 'group', 'aria-label': ctx.s.preview }, r.channels.map((c) => channelCard(ctx, c, lang)))),
    () => clear(host, h('p', { class: 'error', role: 'alert', text: ctx.s.loadFailed })),
  );
}
