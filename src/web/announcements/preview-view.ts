import { renderMarkdown } from '../chat/markdown.js';
import { h } from './dom.js';
import type { Strings } from './strings.js';
import type { Preview } from './types.js';

/**
 * What subscribers would read: the warnings first (who gets another language, the WhatsApp
 * window, long texts), then each language as a chat bubble, and under it exactly what each
 * channel receives. Every text is set as text (renderMarkdown builds DOM nodes).
 */
export function previewView(s: Strings, p: Preview): HTMLElement {
  const byChannel = Object.entries(p.audience.byChannel).map(([c, n]) => `${s.channel[c] ?? c} ${n}`).join(' · ');
  const byLang = p.audience.byLang.map((l) => s.getsLang(l.count, s.language[l.lang], l.gets ? s.language[l.gets] : '—')).join(' · ');
  const warnings = p.warnings.length > 0 ? h('ul', { class: 'warnings' }, p.warnings.map((w) => h('li', { text: w }))) : null;
  const langs = p.texts.map(({ lang, text }) => {
    const bubble = h('div', { class: 'bubble', lang }, [renderMarkdown(text)]);
    const exact = p.channels
      .filter((c) => c.lang === lang)
      .map((c) => h('details', { class: 'exact' }, [h('summary', { text: s.exactly(s.channel[c.channel] ?? c.channel, c.messages) }), h('pre', { text: c.text })]));
    return h('section', { class: 'preview-lang', 'aria-label': s.language[lang] }, [h('h4', { text: s.language[lang] }), bubble, ...exact]);
  });
  return h('section', { class: 'preview', 'aria-labelledby': 'preview-heading' }, [
    h('h3', { id: 'preview-heading', text: s.previewHeading }),
    h('p', { class: 'audience' }, [h('strong', { text: s.audience(p.audience.total) }), byChannel ? ` — ${byChannel}` : '']),
    byLang ? h('p', { class: 'muted', text: byLang }) : null,
    warnings,
    h('div', { class: 'preview-langs' }, langs),
  ]);
}
