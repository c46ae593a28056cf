import type { Ctx, NewDraft } from './context.js';
import { clear, h, uid, when } from './dom.js';
import { LANGS } from './entry-form.js';
import type { EntrySummary, Lang, ReviewGroup } from './types.js';

const counts = (r: Record<string, number>): string =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

function groupCard(ctx: Ctx, g: ReviewGroup, entries: EntrySummary[], onNew: (d: NewDraft) => void, onDone: (card: HTMLElement, text: string) => void): HTMLElement {
  const { s, api } = ctx;
  const id = uid('g');
  const suggested = g.now.entry ?? g.now.candidates[0]?.entry ?? Object.keys(g.entries)[0] ?? '';
  const entry = h(
    'select',
    { id: `${id}-entry`, class: 'entry-pick' },
    [h('option', { value: '', text: s.pickEntry }), ...entries.map((e) => h('option', { value: e.id, text: `${e.title} — ${e.id}`, selected: e.id === suggested }))],
  );
  const lang = h('select', { id: `${id}-lang` }, LANGS.map((l) => h('option', { value: l, text: `${s.langName[l]} (${l})`, selected: l === g.lang })));
  const question = h('input', { id: `${id}-q`, value: g.text, maxlength: 500, lang: g.lang });
  const status = h('p', { class: 'card-status', role: 'status' });
  const variant = h('button', { type: 'button', class: 'btn primary', text: s.addVariant });
  const create = h('button', { type: 'button', class: 'btn', text: s.createEntry });
  const dismiss = h('button', { type: 'button', class: 'btn ghost', text: s.dismiss });
  const card = h('li', { class: 'review-card', 'aria-labelledby': `${id}-text` });
  const pickedLang = (): Lang => LANGS.find((l) => l === lang.value) ?? g.lang;
  variant.addEventListener('click', () => {
    if (!entry.value) {
      status.textContent = s.pickEntryFirst;
      entry.focus();
      return;
    }
    variant.disabled = true;
    api.addVariant(g.keys, entry.value, pickedLang(), question.value.trim()).then(
      (r) => onDone(card, r.now.action === 'answer' && r.now.entry === entry.value ? s.variantAdded(entry.value) : s.variantAddedNotYet(entry.value, r.now.action)),
      (e: unknown) => {
        variant.disabled = false;
        status.textContent = e instanceof Error ? e.message : s.loadFailed;
      },
    );
  });
  create.addEventListener('click', () => onNew({ lang: pickedLang(), question: question.value.trim(), keys: g.keys }));
  dismiss.addEventListener('click', () => {
    dismiss.disabled = true;
    api.dismiss(g.keys).then(
      () => onDone(card, s.dismissed),
      () => {
        dismiss.disabled = false;
        status.textContent = s.loadFailed;
      },
    );
  });
  const now =
    g.now.action === 'answer' && g.now.entry
      ? s.nowAnswered(entries.find((e) => e.id === g.now.entry)?.title ?? g.now.entry, g.now.score.toFixed(2))
      : s.nowAction(s.actionExplained[g.now.action] ?? g.now.action);
  clear(
    card,
    h('p', { class: 'review-head' }, [h('q', { id: `${id}-text`, class: 'review-text', lang: g.lang, text: g.text }), h('span', { class: 'badge count', text: `×${g.count}` })]),
    h('ul', { class: 'badges' }, [
      ...Object.entries(g.kinds).map(([k, n]) => h('li', { class: `badge ${k === 'missed' ? 'danger' : k === 'unhelpful' ? 'warn' : 'info'}`, text: `${s.kindName[k] ?? k} ${n}` })),
      h('li', { class: 'badge plain', text: `${s.languagesShort}: ${counts(g.langs)}` }),
      h('li', { class: 'badge plain', text: `${s.channelsShort}: ${counts(g.channels)}` }),
    ]),
    h('p', { class: 'meta', text: `${s.lastAsked(when(g.lastAt, ctx.lang))} · ${now}` }),
    Object.keys(g.entries).length ? h('p', { class: 'meta', text: `${s.answeredWith}: ${counts(g.entries)}` }) : null,
    g.examples.length
      ? h('details', {}, [h('summary', { text: s.otherWordings(g.examples.length) }), h('ul', { class: 'examples' }, g.examples.map((x) => h('li', { lang: x.lang ?? undefined, text: `${x.text} (×${x.count})` })))])
      : null,
    h('div', { class: 'review-actions' }, [
      h('div', { class: 'field' }, [h('label', { for: question.id, text: s.questionToAdd }), question]),
      h('div', { class: 'field' }, [h('label', { for: entry.id, text: s.entry }), entry]),
      h('div', { class: 'field' }, [h('label', { for: lang.id, text: s.questionLang }), lang]),
      h('div', { class: 'row' }, [variant, create, dismiss]),
    ]),
    status,
  );
  return card;
}

/**
 * What users asked that the bot missed, was unsure of, or answered unhelpfully: grouped by
 * similarity, with counts and languages, personal data masked by the server. One step from a
 * group to a question variant of an entry, or to a new entry.
 */
export function reviewView(ctx: Ctx, main: HTMLElement, onNew: (d: NewDraft) => void): void {
  const { s, api } = ctx;
  const status = h('p', { class: 'muted', role: 'status', text: s.loading });
  const done = h('p', { class: 'done', role: 'status' });
  const list = h('ol', { class: 'review-list', 'aria-labelledby': 'review-heading' });
  clear(main, h('h2', { id: 'review-heading', tabindex: '-1', text: s.reviewHeading }), status, done, list);
  Promise.all([api.review(), api.entries('')]).then(
    ([r, e]) => {
      const entries = [...e.entries].sort((a, b) => a.title.localeCompare(b.title));
      status.textContent = r.groups.length ? s.reviewLead(new Date(r.since).toLocaleDateString(ctx.lang), r.lowConfidence) : s.reviewEmpty;
      clear(
        list,
        ...r.groups.map((g) =>
          groupCard(ctx, g, entries, onNew, (card, text) => {
            done.textContent = text;
            const next = card.nextElementSibling ?? card.previousElementSibling;
            card.remove();
            const focusable = next?.querySelector<HTMLElement>('input, select, button');
            (focusable ?? done).focus();
          }),
        ),
      );
    },
    () => {
      status.textContent = s.loadFailed;
    },
  );
}
