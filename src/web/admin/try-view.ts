import { renderMarkdown } from '../chat/markdown.js';
import type { Ctx } from './context.js';
import { clear, h } from './dom.js';
import { LANGS } from './entry-form.js';
import type { Lang, TryResult } from './types.js';

function result(ctx: Ctx, r: TryResult): HTMLElement {
  const { s } = ctx;
  const link = (entry: string, title: string): HTMLElement => h('a', { href: `#/entries/${encodeURIComponent(entry)}` }, [h('span', { text: title }), h('span', { class: 'entry-id', text: ` ${entry}` })]);
  const rows = r.candidates.map((c, i) =>
    h('tr', {}, [
      h('td', { text: String(i + 1) }),
      h('td', {}, [link(c.entry, c.title)]),
      h('td', { class: 'num' }, [h('meter', { min: 0, max: 1, value: c.score, 'aria-hidden': 'true' }), ` ${c.score.toFixed(2)}`]),
    ]),
  );
  return h('section', { class: 'try-result', 'aria-labelledby': 'try-result-heading' }, [
    h('h3', { id: 'try-result-heading', text: s.tryDecision }),
    h('dl', { class: 'facts-list' }, [
      h('dt', { text: s.action }),
      h('dd', { id: 'try-action', text: s.actionExplained[r.action] ?? r.action }),
      h('dt', { text: s.detectedLang }),
      h('dd', { id: 'try-lang', text: `${s.langName[r.lang]} (${r.lang})` }),
      h('dt', { text: s.confidence }),
      h('dd', { id: 'try-score', text: r.score.toFixed(2) }),
      ...(r.entry ? [h('dt', { text: s.entry }), h('dd', {}, [link(r.entry, r.title ?? r.entry)])] : []),
      ...(r.crisis ? [h('dt', { text: s.crisis }), h('dd', { class: 'badge danger', text: s.crisisYes })] : []),
    ]),
    h('h4', { text: s.botWouldSay }),
    h('div', { class: 'bubble webchat', lang: r.lang, id: 'try-reply' }, [renderMarkdown(r.reply)]),
    h('h4', { text: s.candidates }),
    rows.length
      ? h('table', { class: 'candidates' }, [
          h('caption', { class: 'vh', text: s.candidates }),
          h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: '#' }), h('th', { scope: 'col', text: s.entry }), h('th', { scope: 'col', class: 'num', text: s.score })])]),
          h('tbody', {}, rows),
        ])
      : h('p', { class: 'muted', text: s.noCandidates }),
  ]);
}

/** "Try it": a question in any language, and what the bot would do with it and why. */
export function tryView(ctx: Ctx, main: HTMLElement): void {
  const { s, api } = ctx;
  const text = h('textarea', { id: 'try-text', rows: 3, maxlength: 2000, required: true });
  const lang = h('select', { id: 'try-hint' }, [h('option', { value: '', text: s.autoDetect }), ...LANGS.map((l) => h('option', { value: l, text: `${s.langName[l]} (${l})` }))]);
  const ask = h('button', { type: 'submit', class: 'btn primary', text: s.tryAsk });
  const out = h('div', { class: 'try-out', 'aria-live': 'polite' });
  const form = h('form', { class: 'try-form', novalidate: true }, [
    h('div', { class: 'field' }, [h('label', { for: 'try-text', text: s.tryQuestion }), text]),
    h('div', { class: 'field' }, [h('label', { for: 'try-hint', text: s.tryHint }), lang]),
    ask,
  ]);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = text.value.trim();
    if (!q) {
      text.focus();
      return;
    }
    ask.disabled = true;
    api
      .tryIt(q, (LANGS as readonly string[]).includes(lang.value) ? (lang.value as Lang) : null)
      .then(
        (r) => clear(out, result(ctx, r)),
        () => clear(out, h('p', { class: 'error', role: 'alert', text: s.loadFailed })),
      )
      .finally(() => {
        ask.disabled = false;
      });
  });
  clear(main, h('h2', { tabindex: '-1', text: s.tryHeading }), h('p', { class: 'lead', text: s.tryLead }), form, out);
  text.focus();
}
