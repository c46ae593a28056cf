import { LANGS, type Lang } from '../../core/language.js';
import type { StaffApi } from './api.js';
import { h } from './dom.js';
import { langName } from './format.js';
import { fill, type Strings } from './strings.js';

/** How much of an answer the result list shows; the whole answer is inserted. */
const PREVIEW_CHARS = 320;

/**
 * Search the knowledge base and insert an answer, in the user's language by default, into the
 * reply box. Collapsed until asked for, so that it costs no room on a phone.
 */
export function kbPanel(s: Strings, api: StaffApi, opts: { lang: Lang; query: string; insert(text: string): void }): HTMLDetailsElement {
  const q = h('input', { id: 'kb-q', type: 'search', maxlength: '500', value: opts.query, autocomplete: 'off' });
  const lang = h(
    'select',
    { id: 'kb-lang' },
    LANGS.map((l) => h('option', { value: l, lang: l, text: langName(s, l), ...(l === opts.lang ? { selected: true } : {}) })),
  );
  const results = h('ul', { class: 'kb-results', 'aria-live': 'polite', 'aria-label': s.kb });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'kb-form', role: 'search' }, [
    h('span', { class: 'field grow' }, [h('label', { for: 'kb-q', text: s.kbQuery }), q]),
    h('span', { class: 'field' }, [h('label', { for: 'kb-lang', text: s.kbLang }), lang]),
    h('button', { type: 'submit', class: 'btn', text: s.kbSearch }),
  ]);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = q.value.trim();
    const l = LANGS.find((x) => x === lang.value) ?? opts.lang;
    if (!text) return;
    error.textContent = '';
    api.kb(text, l).then(
      (found) => {
        if (found.length === 0) {
          results.replaceChildren(h('li', { class: 'empty', text: s.kbNone }));
          return;
        }
        results.replaceChildren(
          ...found.map((r) => {
            const insert = h('button', { type: 'button', class: 'btn small', text: s.insert, 'aria-label': `${s.insert}: ${r.title}` });
            insert.addEventListener('click', () => opts.insert(r.answer));
            const preview = r.answer.length > PREVIEW_CHARS ? `${r.answer.slice(0, PREVIEW_CHARS)}…` : r.answer;
            return h('li', { class: 'kb-item' }, [
              h('p', { class: 'kb-title' }, [h('span', { text: r.title, lang: l }), ' ', h('code', { text: r.entry })]),
              h('p', { class: 'kb-answer', text: preview, lang: l }),
              insert,
            ]);
          }),
        );
      },
      (err: unknown) => {
        error.textContent = fill(s.failed, { message: err instanceof Error ? err.message : '?' });
      },
    );
  });
  return h('details', { class: 'kb' }, [h('summary', { text: s.kb }), form, error, results]);
}
