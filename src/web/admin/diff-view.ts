import { h } from './dom.js';
import type { Strings } from './strings.js';
import type { FieldDiff } from './types.js';

/** "translations.uk.answer" → "uk · Answer". */
export function fieldLabel(s: Strings, path: string): string {
  const m = /^translations\.([a-z]{2})(?:\.(\w+))?$/.exec(path);
  if (!m) return s.fieldName[path] ?? path;
  return `${m[1] ?? ''} · ${m[2] ? (s.fieldName[m[2]] ?? m[2]) : s.fieldName.language}`;
}

const CONTEXT = 100;

/** Unchanged text far from any change is cut to its ends, so that a one-line edit in a long answer reads as one. */
function kept(text: string, first: boolean, last: boolean): string {
  if (text.length <= CONTEXT * 2 + 20) return text;
  const head = first ? '' : text.slice(0, CONTEXT);
  const tail = last ? '' : text.slice(-CONTEXT);
  return `${head} … ${tail}`;
}

/** What a revision changed: words added and removed in texts, items in lists, old and new values. */
export function diffView(s: Strings, diffs: FieldDiff[], lang: string): HTMLElement {
  if (diffs.length === 0) return h('p', { class: 'muted', text: s.noChanges });
  return h(
    'dl',
    { class: 'diff' },
    diffs.flatMap((d) => {
      const dt = h('dt', { text: fieldLabel(s, d.path) });
      let dd: HTMLElement;
      if (d.type === 'text') {
        dd = h('dd', { class: 'text-diff' }, d.ops.map((op, i) => (op.op === '=' ? kept(op.text, i === 0, i === d.ops.length - 1) : h(op.op === '+' ? 'ins' : 'del', { text: op.text }))));
        dd.setAttribute('lang', /^translations\.([a-z]{2})/.exec(d.path)?.[1] ?? lang);
      } else if (d.type === 'list') {
        dd = h('dd', {}, [
          h('ul', { class: 'list-diff' }, [
            ...d.added.map((x) => h('li', {}, [h('ins', { text: `+ ${x}` })])),
            ...d.removed.map((x) => h('li', {}, [h('del', { text: `− ${x}` })])),
            d.added.length + d.removed.length === 0 ? h('li', { text: s.reordered }) : null,
          ]),
        ]);
      } else {
        dd = h('dd', {}, [h('del', { text: d.before ?? s.none }), ' → ', h('ins', { text: d.after ?? s.none })]);
      }
      return [dt, dd];
    }),
  );
}
