import { ApiError, type Api } from './api.js';
import { h, setChildren } from './dom.js';
import { previewView } from './preview-view.js';
import type { Strings } from './strings.js';
import type { AnnouncementView, Draft, Lang, Topic } from './types.js';

const LANGS: readonly Lang[] = ['cs', 'en', 'uk', 'ru', 'vi'];
const MAX = 3000;

export interface EditorHooks {
  /** After a save, schedule or send: the list and the selection follow. */
  changed(id: string): void;
  formatTime(iso: string): string;
}

function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function errorText(s: Strings, e: unknown): string {
  if (e instanceof ApiError) return e.status === 0 ? s.networkError : e.message;
  return s.networkError;
}

/** Writing a new announcement, or editing a draft or a scheduled one: the form, its actions and the preview. */
export function editorView(s: Strings, api: Api, topics: Topic[], uiLang: 'en' | 'cs', existing: AnnouncementView | null, hooks: EditorHooks): HTMLElement {
  const a = existing?.announcement ?? null;
  const name = h('input', { id: 'ann-name', type: 'text', maxlength: '200', required: true, autocomplete: 'off', value: a?.name ?? '' });
  const boxes = topics.map((t) => {
    const box = h('input', { type: 'checkbox', id: `topic-${t.id}`, value: t.id, checked: a?.topics.includes(t.id) ?? false });
    return { box, row: h('label', { class: 'check', for: `topic-${t.id}` }, [box, h('span', {}, [t.labels[uiLang], h('span', { class: 'muted', text: ` (${s.subscribers(t.subscribers)})` })])]) };
  });
  const areas = LANGS.map((lang) => {
    const area = h('textarea', { id: `text-${lang}`, lang, rows: '4', maxlength: String(MAX), 'aria-describedby': `count-${lang} texts-hint` });
    area.value = a?.texts[lang] ?? '';
    const count = h('span', { id: `count-${lang}`, class: 'count', text: s.chars(area.value.length, MAX) });
    area.addEventListener('input', () => (count.textContent = s.chars(area.value.length, MAX)));
    return { lang, area, block: h('div', { class: 'text-block' }, [h('label', { for: `text-${lang}`, text: s.language[lang] }), area, count]) };
  });
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const previewBox = h('div', { class: 'preview-box' });
  const confirmRow = h('div', { class: 'confirm', hidden: true });
  const when = h('input', { id: 'ann-when', type: 'datetime-local', value: localInputValue(new Date(Date.now() + 3600_000)) });

  const draft = (): Draft => ({
    name: name.value.trim(),
    topics: boxes.filter((b) => b.box.checked).map((b) => b.box.value),
    texts: Object.fromEntries(areas.filter((x) => x.area.value.trim() !== '').map((x) => [x.lang, x.area.value])) as Partial<Record<Lang, string>>,
  });
  let id = a?.id ?? null;
  const busy = (on: boolean) => form.querySelectorAll('button').forEach((b) => (b.disabled = on));

  async function save(): Promise<string | null> {
    const d = draft();
    if (!d.name) {
      status.textContent = s.name;
      name.focus();
      return null;
    }
    const saved = id ? await api.update(id, d) : await api.create(d);
    id = saved.id;
    return saved.id;
  }

  async function run(step: () => Promise<void>): Promise<void> {
    busy(true);
    status.textContent = '';
    try {
      await step();
    } catch (e) {
      status.textContent = errorText(s, e);
    } finally {
      busy(false);
    }
  }

  const saveBtn = h('button', { type: 'submit', class: 'btn', text: s.save });
  const previewBtn = h('button', { type: 'button', class: 'btn', text: s.preview });
  const scheduleBtn = h('button', { type: 'button', class: 'btn', text: s.schedule });
  const sendBtn = h('button', { type: 'button', class: 'btn primary', text: s.sendNow });

  previewBtn.addEventListener('click', () =>
    void run(async () => {
      setChildren(previewBox, [previewView(s, await api.preview(draft()))]);
      previewBox.querySelector('h3')?.setAttribute('tabindex', '-1');
      (previewBox.querySelector('h3') as HTMLElement | null)?.focus();
    }),
  );
  scheduleBtn.addEventListener('click', () =>
    void run(async () => {
      const at = new Date(when.value);
      if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
        status.textContent = s.badTime;
        when.focus();
        return;
      }
      const saved = await save();
      if (!saved) return;
      await api.schedule(saved, at);
      hooks.changed(saved);
    }),
  );
  sendBtn.addEventListener('click', () =>
    void run(async () => {
      const p = await api.preview(draft());
      setChildren(previewBox, [previewView(s, p)]);
      const yes = h('button', { type: 'button', class: 'btn primary', text: s.yesSend });
      const no = h('button', { type: 'button', class: 'btn', text: s.keep });
      setChildren(confirmRow, [h('p', { text: s.confirmSend(p.audience.total) }), yes, no]);
      confirmRow.hidden = false;
      no.addEventListener('click', () => {
        confirmRow.hidden = true;
        sendBtn.focus();
      });
      yes.addEventListener('click', () =>
        void run(async () => {
          const saved = await save();
          if (!saved) return;
          await api.act(saved, 'send');
          hooks.changed(saved);
        }),
      );
      queueMicrotask(() => yes.focus());
    }),
  );

  const form = h('form', { class: 'editor', novalidate: true, 'aria-labelledby': 'editor-heading' }, [
    h('h2', { id: 'editor-heading', text: a ? a.name : s.newAnnouncement }),
    a?.status === 'scheduled' && a.scheduledAt ? h('p', { class: 'banner', text: s.scheduledFor(hooks.formatTime(a.scheduledAt)) }) : null,
    h('label', { for: 'ann-name', text: s.name }),
    name,
    h('fieldset', { class: 'topics' }, [h('legend', { text: s.topics }), ...boxes.map((b) => b.row)]),
    h('fieldset', { class: 'texts' }, [h('legend', { text: s.texts }), h('p', { id: 'texts-hint', class: 'muted', text: s.textsHint }), ...areas.map((x) => x.block)]),
    status,
    h('div', { class: 'actions' }, [saveBtn, previewBtn]),
    h('div', { class: 'actions send-row' }, [h('label', { for: 'ann-when', text: s.scheduleAt }), when, scheduleBtn, sendBtn]),
    confirmRow,
  ]);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run(async () => {
      const saved = await save();
      if (!saved) return;
      status.textContent = s.saved;
      hooks.changed(saved);
    });
  });

  const extra: HTMLElement[] = [];
  if (a?.status === 'scheduled') {
    const back = h('button', { type: 'button', class: 'btn', text: s.backToDraft });
    const cancel = h('button', { type: 'button', class: 'btn danger', text: s.cancel });
    back.addEventListener('click', () => void run(async () => hooks.changed((await api.act(a.id, 'unschedule')).id)));
    cancel.addEventListener('click', () => void run(async () => hooks.changed((await api.act(a.id, 'cancel')).id)));
    extra.push(h('div', { class: 'actions' }, [back, cancel]));
  }
  return h('div', { class: 'pane' }, [form, ...extra, previewBox]);
}
