import { ApiError } from './api.js';
import type { Ctx } from './context.js';
import { entryBadges } from './badges.js';
import { clear, h } from './dom.js';
import { entryForm, type EntryForm } from './entry-form.js';
import { historyView } from './history-view.js';
import { previewInto } from './preview-view.js';
import type { EntryDetail, KbEntry } from './types.js';

function blank(ctx: Ctx): KbEntry {
  const draft = ctx.pendingNew;
  const lang = draft?.lang ?? 'cs';
  return {
    id: '',
    topic: '',
    escalate: false,
    reviewed: new Date().toISOString().slice(0, 10),
    validUntil: null,
    sources: [{ url: '', title: '' }],
    translations: { [lang]: { title: '', questions: draft ? [draft.question] : [], keywords: [], answer: '' } },
  };
}

/**
 * One entry: the form with all its languages, save (a revision; refused with the list of
 * problems when invalid, or when someone else saved first), remove, and its history.
 * `id` null: a new entry (maybe started from a question in the review list).
 */
export function entryEditorView(ctx: Ctx, main: HTMLElement, id: string | null): void {
  const { s, api } = ctx;
  const resolveKeys = ctx.pendingNew?.keys ?? [];
  const heading = h('h2', { id: 'entry-heading', tabindex: '-1', text: id ? s.loading : s.newEntry });
  const back = h('a', { href: '#/entries', class: 'back', text: s.backToEntries });
  const head = h('div', { class: 'page-head' }, [h('div', {}, [back, heading])]);
  const body = h('div', { class: 'entry-body' });
  clear(main, head, body);

  let form: EntryForm | null = null;
  let latest = 0;
  ctx.guard(() => form?.dirty() === true);

  const draw = (detail: EntryDetail | null, notice: string): void => {
    const entry = detail?.entry ?? blank(ctx);
    latest = detail?.summary.revision ?? 0;
    heading.textContent = detail ? detail.summary.title : s.newEntry;
    const status = h('p', { id: 'save-status', class: 'save-status', role: 'status', text: notice });
    const problems = h('div', { id: 'save-problems', class: 'problems', role: 'alert' });
    form = entryForm(ctx, entry, {
      isNew: detail === null,
      stale: detail?.summary.stale ?? [],
      onPreview: (lang, text, host) => previewInto(ctx, host, text, lang),
    });
    const save = h('button', { type: 'button', class: 'btn primary', id: 'save-entry', text: s.save });
    const actions = h('div', { class: 'actions' }, [save, status]);
    // Out of the sticky bar: removing is rare, and must not sit next to Save.
    const dangerZone = h('div', { class: 'danger-zone' });
    if (detail && id) {
      const remove = h('button', { type: 'button', class: 'btn danger', text: s.removeEntry });
      remove.addEventListener('click', () => {
        if (!window.confirm(s.confirmRemoveEntry(id))) return;
        api.remove(id, latest).then(
          () => {
            form = null;
            ctx.go('#/entries');
          },
          (e: unknown) => showError(e),
        );
      });
      dangerZone.append(remove);
    }
    const showError = (e: unknown): void => {
      if (e instanceof ApiError && e.problems.length > 0) {
        status.textContent = s.notSaved;
        clear(problems, h('p', { text: s.fixProblems }), h('ul', {}, e.problems.map((p) => h('li', { text: p }))));
        problems.focus();
      } else if (e instanceof ApiError && e.status === 409) {
        const reload = h('button', { type: 'button', class: 'btn small', text: s.loadNewest });
        reload.addEventListener('click', () => {
          form = null;
          void load('');
        });
        status.textContent = '';
        clear(problems, h('p', { text: s.conflict }), reload);
      } else {
        status.textContent = e instanceof Error ? `${s.notSaved} ${e.message}` : s.notSaved;
      }
    };
    save.addEventListener('click', () => {
      if (!form) return;
      const value = form.read();
      save.disabled = true;
      clear(problems);
      status.textContent = s.saving;
      const done = detail && id ? api.save(id, value, latest, form.stamped()) : api.create(value, form.stamped(), resolveKeys);
      done.then(
        (r) => {
          form = null;
          const msg = r.revision ? s.saved(r.revision.seq, r.revision.summary) : s.noChanges;
          if (!detail) ctx.go(`#/entries/${encodeURIComponent(r.entry.id)}`);
          else draw({ entry: r.entry, summary: r.summary, baseline: detail.baseline }, msg);
        },
        (e: unknown) => {
          save.disabled = false;
          showError(e);
        },
      );
    });
    problems.tabIndex = -1;
    clear(
      body,
      detail ? entryBadges(s, detail.summary) : null,
      detail?.summary.baselineChanged ? h('p', { class: 'note', text: s.baselineChangedNote }) : null,
      form.root,
      h('div', { class: 'save-bar' }, [problems, actions]),
      dangerZone,
      detail && id ? historyView(ctx, id, (seq) => void load(s.restored(seq))) : null,
    );
  };

  const load = async (notice: string): Promise<void> => {
    if (!id) {
      draw(null, '');
      return;
    }
    try {
      draw(await api.entry(id), notice);
    } catch (e) {
      heading.textContent = e instanceof ApiError && e.status === 404 ? s.notFound : s.loadFailed;
      clear(body);
    }
  };
  void load('').then(() => heading.focus());
}
