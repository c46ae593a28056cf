import { renderMarkdown } from '../chat/markdown.js';
import { h, setChildren } from './dom.js';
import type { Strings } from './strings.js';
import type { AnnouncementView, DeliveryStatus, Lang } from './types.js';

const ORDER: DeliveryStatus[] = ['sent', 'template', 'pending', 'sending', 'failed', 'dropped', 'unconfirmed', 'cancelled'];
const LANGS: readonly Lang[] = ['cs', 'en', 'uk', 'ru', 'vi'];

/**
 * An announcement on its way or done: progress, counts by outcome, the reasons for failures
 * (counted, naming nobody), and what was sent. update() refreshes the numbers in place, so that
 * polling neither moves the focus nor re-reads the page to a screen reader.
 */
export function detailView(s: Strings, initial: AnnouncementView, hooks: { cancel(): Promise<void>; formatTime(iso: string): string; topicLabel(id: string): string }): { el: HTMLElement; update(v: AnnouncementView): void } {
  const a = initial.announcement;
  const statusLine = h('p', { class: 'status-line' });
  const bar = h('progress', { id: 'ann-progress', max: '1', value: '0' });
  const barLabel = h('label', { for: 'ann-progress', class: 'progress-label' });
  const counts = h('dl', { class: 'counts' });
  const errors = h('div', { class: 'errors' });
  const times = h('p', { class: 'muted' });
  const cancelArea = h('div', { class: 'actions' });

  function update(v: AnnouncementView): void {
    const x = v.announcement;
    setChildren(statusLine, [h('span', { class: `badge ${x.status}`, text: s.status[x.status] ?? x.status })]);
    bar.max = Math.max(1, v.progress.total);
    bar.value = v.progress.done;
    barLabel.textContent = s.progress(v.progress.done, v.progress.total);
    setChildren(
      counts,
      ORDER.filter((k) => v.counts[k] > 0 || k === 'sent').flatMap((k) => [h('dt', { text: s.delivery[k] }), h('dd', { text: String(v.counts[k]) })]),
    );
    const parts = [x.startedAt ? `${s.started}: ${hooks.formatTime(x.startedAt)}` : null, x.finishedAt ? `${s.finished}: ${hooks.formatTime(x.finishedAt)}` : null].filter(Boolean);
    times.textContent = parts.join(' · ');
    setChildren(errors, [
      h('h3', { text: s.problems }),
      v.errors.length === 0
        ? h('p', { class: 'muted', text: s.noProblems })
        : h('table', {}, [
            h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: s.reason }), h('th', { scope: 'col', text: s.count })])]),
            h('tbody', {}, v.errors.map((e) => h('tr', {}, [h('td', {}, [h('span', { class: 'muted', text: `${s.delivery[e.status]}: ` }), e.error]), h('td', { class: 'num', text: String(e.count) })]))),
          ]),
    ]);
    if (x.status !== 'sending') setChildren(cancelArea, []);
  }

  if (a.status === 'sending') {
    const cancel = h('button', { type: 'button', class: 'btn danger', text: s.cancel });
    cancel.addEventListener('click', () => {
      const yes = h('button', { type: 'button', class: 'btn danger', text: s.yesCancel });
      const no = h('button', { type: 'button', class: 'btn', text: s.keep });
      setChildren(cancelArea, [h('p', { text: s.confirmCancel }), yes, no]);
      yes.addEventListener('click', () => void hooks.cancel());
      no.addEventListener('click', () => {
        setChildren(cancelArea, [cancel]);
        cancel.focus();
      });
      yes.focus();
    });
    setChildren(cancelArea, [cancel]);
  }

  const sent = LANGS.filter((l) => a.texts[l]).map((l) => h('section', { class: 'preview-lang' }, [h('h4', { text: s.language[l] }), h('div', { class: 'bubble', lang: l }, [renderMarkdown(a.texts[l] ?? '')])]));
  const el = h('div', { class: 'pane detail', 'aria-labelledby': 'detail-heading' }, [
    h('h2', { id: 'detail-heading', text: a.name }),
    statusLine,
    h('div', { class: 'progress', role: 'status', 'aria-live': 'polite' }, [barLabel, bar]),
    counts,
    times,
    cancelArea,
    errors,
    h('h3', { text: s.whatWasSent }),
    h('p', { class: 'muted', text: `${s.topics} ${a.topics.map(hooks.topicLabel).join(', ')}` }),
    h('div', { class: 'preview-langs' }, sent),
  ]);
  update(initial);
  return { el, update };
}
