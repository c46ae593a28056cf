import { h } from './dom.js';
import { describe, waitingLabel } from './format.js';
import type { Strings, UiLang } from './strings.js';
import type { ConversationSummary } from './types.js';

export type Tab = 'waiting' | 'mine';

export interface QueueData {
  waiting: ConversationSummary[];
  mine: ConversationSummary[];
  /** When the lists were read (ms): waiting times count on from there. */
  readAt: number;
}

/** Oldest first: whoever has waited longest is answered first. */
export function oldestFirst(list: ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
}

export function conversationHref(id: string): string {
  return `#/c/${encodeURIComponent(id)}`;
}

function item(s: Strings, lang: UiLang, c: ConversationSummary, readAt: number, current: boolean): HTMLLIElement {
  const flags: HTMLElement[] = [];
  if (c.escalation === 'crisis') flags.push(h('span', { class: 'badge crisis', text: s['reason.crisis'] }));
  if (c.interpreter) flags.push(h('span', { class: 'badge interp', text: s.interpreter }));
  if (c.unreachable) flags.push(h('span', { class: 'badge fail', text: s.unreachableShort }));
  const summary = c.intake?.summary ?? null;
  const link = h('a', { class: 'q-link', href: conversationHref(c.id), ...(current ? { 'aria-current': 'true' } : {}) }, [
    h('span', { class: 'q-line' }, [h('span', { class: 'q-title', text: describe(s, c) }), c.status === 'waiting' ? h('span', { class: 'q-wait', text: waitingLabel(s, c, readAt, lang) }) : null]),
    summary ? h('span', { class: 'q-summary', text: summary, ...(c.lang ? { lang: c.lang } : {}) }) : null,
    flags.length > 0 ? h('span', { class: 'q-flags' }, flags) : null,
  ]);
  return h('li', { class: 'q-item', 'data-id': c.id }, [link]);
}

/**
 * The queue: two tabs (waiting for anyone, mine), each a list of links to conversations with
 * channel, language, team, waiting time and the flags that need attention first.
 */
export function queueView(s: Strings, lang: UiLang, data: QueueData, tab: Tab, openId: string | null, pick: (t: Tab) => void): HTMLElement {
  const tabs: [Tab, string, number][] = [
    ['waiting', s.waiting, data.waiting.length],
    ['mine', s.mine, data.mine.length],
  ];
  const tabList = h(
    'div',
    { class: 'tabs', role: 'group', 'aria-label': s.queue },
    tabs.map(([t, label, count]) => {
      const b = h('button', { type: 'button', class: 'tab', 'aria-pressed': String(t === tab), 'data-tab': t }, [label, ' ', h('span', { class: 'count', text: String(count) })]);
      b.addEventListener('click', () => pick(t));
      return b;
    }),
  );
  const list = tab === 'waiting' ? oldestFirst(data.waiting) : oldestFirst(data.mine);
  const body =
    list.length === 0
      ? h('p', { class: 'empty', text: tab === 'waiting' ? s.queueEmpty : s.mineEmpty })
      : h('ul', { class: 'q-list', 'aria-label': tab === 'waiting' ? s.waiting : s.mine }, list.map((c) => item(s, lang, c, data.readAt, c.id === openId)));
  return h('nav', { class: 'queue', id: 'queue', 'aria-labelledby': 'queue-heading' }, [h('h2', { id: 'queue-heading', class: 'vh', text: s.queue }), tabList, body]);
}
