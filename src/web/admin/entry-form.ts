import type { Ctx } from './context.js';
import { clear, h, uid } from './dom.js';
import type { KbEntry, Lang, Translation } from './types.js';

export const LANGS: readonly Lang[] = ['cs', 'en', 'uk', 'ru', 'vi'];

export interface EntryForm {
  root: HTMLElement;
  /** The entry as the fields say now (checked by the server on save). */
  read(): KbEntry;
  /** Languages whose "follows the current Czech text" box is ticked. */
  stamped(): Lang[];
  dirty(): boolean;
}

interface LangFields {
  title: HTMLInputElement;
  answer: HTMLTextAreaElement;
  questions: HTMLTextAreaElement;
  keywords: HTMLTextAreaElement;
  stamp: HTMLInputElement | null;
  basedOn: string | undefined;
}

const lines = (v: string): string[] => v.split('\n').map((l) => l.trim()).filter(Boolean);

function field(label: string, control: HTMLElement, hint?: HTMLElement): HTMLElement {
  const id = control.id || uid('f');
  control.id = id;
  return h('div', { class: 'field' }, [h('label', { for: id, text: label }), control, hint ?? null]);
}

/** A counter under a text box, announced politely and turned red past the limit. */
function counter(el: HTMLInputElement | HTMLTextAreaElement, max: number, s: Ctx['s']): HTMLElement {
  const out = h('span', { class: 'counter', 'aria-live': 'polite' });
  const update = (): void => {
    out.textContent = s.chars(el.value.length, max);
    out.classList.toggle('over', el.value.length > max);
  };
  el.addEventListener('input', update);
  update();
  return out;
}

/**
 * The whole entry in one form: its facts (id, review date, validity, sources) and every language
 * side by side (title, answer, question variants, keywords), with missing and outdated
 * translations flagged where they are, and a preview of each answer as the channels show it.
 */
export function entryForm(ctx: Ctx, entry: KbEntry, opts: { isNew: boolean; stale: Lang[]; onPreview(lang: Lang, text: string, host: HTMLElement): void }): EntryForm {
  const { s } = ctx;
  const id = h('input', { id: 'e-id', value: entry.id, required: true, readonly: !opts.isNew, pattern: '[a-z]+(\\.[a-z0-9-]+)+', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'e-id-hint' });
  const escalate = h('input', { id: 'e-escalate', type: 'checkbox', checked: entry.escalate });
  const reviewed = h('input', { id: 'e-reviewed', type: 'date', value: entry.reviewed, required: true });
  const validUntil = h('input', { id: 'e-valid', type: 'date', value: entry.validUntil ?? '', 'aria-describedby': 'e-valid-hint' });
  const today = h('button', { type: 'button', class: 'btn small', text: s.reviewedToday });
  today.addEventListener('click', () => {
    reviewed.value = new Date().toISOString().slice(0, 10);
    reviewed.dispatchEvent(new Event('input'));
  });
  const sourcesList = h('ol', { class: 'sources' });
  const addSource = (src: { url: string; title: string }): void => {
    const url = h('input', { type: 'url', value: src.url, placeholder: 'https://', 'aria-label': s.sourceUrl, class: 'src-url' });
    const title = h('input', { value: src.title, 'aria-label': s.sourceTitle, placeholder: s.sourceTitle, class: 'src-title' });
    const remove = h('button', { type: 'button', class: 'btn small ghost', text: s.remove, 'aria-label': s.removeSource });
    const li = h('li', {}, [url, title, remove]);
    remove.addEventListener('click', () => li.remove());
    sourcesList.append(li);
  };
  for (const src of entry.sources) addSource(src);
  const addSourceBtn = h('button', { type: 'button', class: 'btn small', text: s.addSource });
  addSourceBtn.addEventListener('click', () => addSource({ url: '', title: '' }));

  const facts = h('fieldset', { class: 'facts' }, [
    h('legend', { text: s.facts }),
    h('div', { class: 'facts-grid' }, [
      field(s.entryId, id, h('small', { id: 'e-id-hint', class: 'hint', text: opts.isNew ? s.idHint : s.idFixed })),
      h('div', { class: 'field' }, [h('label', { for: 'e-reviewed', text: s.reviewed }), h('div', { class: 'inline' }, [reviewed, today])]),
      field(s.validUntil, validUntil, h('small', { id: 'e-valid-hint', class: 'hint', text: s.validUntilHint })),
      h('div', { class: 'field check' }, [h('label', { class: 'check' }, [escalate, h('span', { text: s.escalate })])]),
    ]),
    h('div', { class: 'field' }, [h('span', { class: 'label', id: 'src-label', text: s.sources }), sourcesList, addSourceBtn]),
  ]);

  // One preview area under the columns, wide enough to show the channels side by side.
  const previewArea = h('section', { id: 'preview-area', class: 'preview-area', hidden: true, 'aria-labelledby': 'preview-heading' });
  const showPreview = (lang: Lang, text: string): void => {
    const heading = h('h3', { id: 'preview-heading', tabindex: '-1', text: s.previewOf(s.langName[lang]) });
    const close = h('button', { type: 'button', class: 'btn small', text: s.closePreview });
    close.addEventListener('click', () => {
      previewArea.hidden = true;
      columns.querySelector<HTMLElement>(`section.lang-col[lang="${lang}"] button[aria-controls="preview-area"]`)?.focus();
    });
    const host = h('div', { class: 'preview-host' });
    clear(previewArea, h('div', { class: 'preview-head' }, [heading, close]), host);
    previewArea.hidden = false;
    opts.onPreview(lang, text, host);
    heading.focus();
    previewArea.scrollIntoView({ block: 'start' });
  };
  const fields = new Map<Lang, LangFields>();
  const columns = h('div', { class: 'langs' });
  const toggles = h('div', { class: 'lang-toggles', role: 'group', 'aria-label': s.showLanguages });
  const column = (lang: Lang, t: Translation | undefined): HTMLElement => {
    const col = h('section', { class: 'lang-col', lang, 'aria-labelledby': `h-${lang}` });
    const heading = h('h3', { id: `h-${lang}`, lang: ctx.lang }, [h('span', { text: s.langName[lang] }), h('span', { class: 'code', text: ` (${lang})` })]);
    if (!t) {
      const add = h('button', { type: 'button', class: 'btn', text: s.addLanguage(s.langName[lang]) });
      add.addEventListener('click', () => col.replaceWith(column(lang, { title: '', questions: [], keywords: [], answer: '' })));
      fields.delete(lang);
      clear(col, heading, h('p', { class: 'badge warn', lang: ctx.lang, text: s.missingLanguage }), add);
      return col;
    }
    const title = h('input', { value: t.title, maxlength: 80 });
    const answer = h('textarea', { rows: 14, class: 'answer' });
    answer.value = t.answer;
    const questions = h('textarea', { rows: 8 });
    questions.value = t.questions.join('\n');
    const keywords = h('textarea', { rows: 4 });
    keywords.value = t.keywords.join('\n');
    const stale = opts.stale.includes(lang);
    const stamp = lang === 'cs' ? null : h('input', { type: 'checkbox', id: `stamp-${lang}` });
    const preview = h('button', { type: 'button', class: 'btn small', text: s.preview, 'aria-controls': 'preview-area' });
    preview.addEventListener('click', () => showPreview(lang, answer.value));
    const drop = h('button', { type: 'button', class: 'btn small ghost', text: s.removeLanguage });
    drop.addEventListener('click', () => {
      if (window.confirm(s.confirmRemoveLanguage(s.langName[lang]))) col.replaceWith(column(lang, undefined));
    });
    fields.set(lang, { title, answer, questions, keywords, stamp, basedOn: t.basedOn });
    clear(
      col,
      heading,
      stale ? h('p', { class: 'badge warn', lang: ctx.lang, text: s.staleLanguage }) : null,
      h('div', { lang: ctx.lang, class: 'col-fields' }, [
        field(s.titleLabel, title, counter(title, 60, s)),
        field(s.answerLabel, answer, counter(answer, 3000, s)),
        h('div', { class: 'row' }, [preview, drop]),
        field(s.questionsLabel, questions, h('small', { class: 'hint', text: s.oneALine })),
        field(s.keywordsLabel, keywords, h('small', { class: 'hint', text: s.oneALine })),
        stamp ? h('label', { class: 'check' }, [stamp, h('span', { text: s.stampLabel })]) : null,
      ]),
    );
    // The answer and title are written in the column's language; the labels are in the page's.
    for (const el of [title, answer, questions, keywords]) el.setAttribute('lang', lang);
    return col;
  };
  for (const lang of LANGS) {
    const col = column(lang, entry.translations[lang]);
    columns.append(col);
    const box = h('input', { type: 'checkbox', checked: true, id: `show-${lang}` });
    box.addEventListener('change', () => {
      const current = columns.querySelector<HTMLElement>(`section.lang-col[lang="${lang}"]`);
      if (current) current.hidden = !box.checked;
    });
    toggles.append(h('label', { class: 'chip' }, [box, h('span', { text: lang.toUpperCase() })]));
  }

  const read = (): KbEntry => {
    const translations: KbEntry['translations'] = {};
    for (const lang of LANGS) {
      const f = fields.get(lang);
      if (!f) continue;
      translations[lang] = { title: f.title.value.trim(), questions: lines(f.questions.value), keywords: lines(f.keywords.value), answer: f.answer.value, ...(f.basedOn ? { basedOn: f.basedOn } : {}) };
    }
    const idValue = id.value.trim();
    return {
      id: idValue,
      topic: idValue.split('.')[0] ?? '',
      escalate: escalate.checked,
      reviewed: reviewed.value,
      validUntil: validUntil.value || null,
      sources: Array.from(sourcesList.querySelectorAll('li')).map((li) => ({ url: li.querySelector<HTMLInputElement>('.src-url')?.value.trim() ?? '', title: li.querySelector<HTMLInputElement>('.src-title')?.value.trim() ?? '' })).filter((x) => x.url || x.title),
      translations,
    };
  };
  const initial = JSON.stringify(read());
  const root = h('div', { class: 'entry-form' }, [facts, h('h3', { class: 'langs-heading', text: s.languages }), toggles, columns, previewArea]);
  return {
    root,
    read,
    stamped: () => LANGS.filter((l) => fields.get(l)?.stamp?.checked === true),
    dirty: () => JSON.stringify(read()) !== initial,
  };
}
