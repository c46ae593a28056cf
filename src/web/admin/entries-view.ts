import type { Ctx } from './context.js';
import { entryBadges } from './badges.js';
import { clear, h, when } from './dom.js';
import type { EntrySummary } from './types.js';

/** All entries, those needing attention (expired, review overdue, missing or outdated translations) first; search over every language. */
export function entriesView(ctx: Ctx, main: HTMLElement): void {
  const { s, api } = ctx;
  const search = h('input', { id: 'kb-search', type: 'search', autocomplete: 'off', maxlength: 200, placeholder: s.searchPlaceholder });
  const onlyAttention = h('input', { id: 'kb-attention', type: 'checkbox' });
  const count = h('p', { class: 'count', role: 'status' });
  const list = h('ul', { class: 'entry-list', 'aria-labelledby': 'entries-heading' });
  const add = h('a', { href: '#/new', class: 'btn primary', text: s.newEntry });
  clear(
    main,
    h('div', { class: 'page-head' }, [h('h2', { id: 'entries-heading', tabindex: '-1', text: s.entriesHeading }), add]),
    h('div', { class: 'filters' }, [
      h('label', { for: 'kb-search', class: 'vh', text: s.search }),
      search,
      h('label', { class: 'check' }, [onlyAttention, h('span', { text: s.onlyAttention })]),
    ]),
    count,
    list,
  );
  let all: EntrySummary[] = [];
  const draw = (): void => {
    const shown = onlyAttention.checked ? all.filter((e) => e.attention || e.baselineChanged) : all;
    count.textContent = s.entriesCount(shown.length, all.filter((e) => e.attention).length);
    clear(
      list,
      ...shown.map((e) =>
        h('li', { class: `entry-card${e.expired ? ' expired' : e.attention ? ' attention' : ''}` }, [
          h('a', { href: `#/entries/${encodeURIComponent(e.id)}`, class: 'entry-link' }, [h('span', { class: 'entry-title', text: e.title }), h('span', { class: 'entry-id', text: e.id })]),
          entryBadges(s, e),
          h('p', { class: 'meta', text: `${s.reviewedOn(e.reviewed)}${e.editedAt ? ` · ${s.editedBy(e.editedBy ?? '', when(e.editedAt, ctx.lang))}` : ''}` }),
        ]),
      ),
    );
  };
  let seq = 0;
  const load = (): void => {
    const mine = ++seq;
    api.entries(search.value.trim()).then(
      (r) => {
        if (mine !== seq) return;
        all = r.entries;
        draw();
      },
      () => {
        count.textContent = s.loadFailed;
      },
    );
  };
  let timer = 0;
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, 250);
  });
  onlyAttention.addEventListener('change', draw);
  load();
}
