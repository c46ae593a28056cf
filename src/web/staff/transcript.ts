import { h } from './dom.js';
import { clock, langName } from './format.js';
import { fill, lookup, type Strings, type UiLang } from './strings.js';
import type { ConversationSummary, Message } from './types.js';

/** Who wrote a message, in words: the staff member's name for staff replies and notes. */
function sender(s: Strings, m: Message): string {
  switch (m.role) {
    case 'user':
      return s.user;
    case 'bot':
      return s.bot;
    case 'staff':
      return m.author ? `${s.staff} · ${m.author}` : s.staff;
    case 'note':
      return m.author ? `${s.note} · ${m.author}` : s.note;
    case 'system':
      return s.system;
  }
}

/** What the bot did and why: the entry it answered from and the matcher's score. */
function why(s: Strings, m: Message): string | null {
  if (m.role !== 'bot') return null;
  const parts: string[] = [];
  if (m.action && m.action !== 'answer') parts.push(m.action);
  if (m.entry) parts.push(fill(s.why, { entry: m.entry, score: typeof m.score === 'number' ? m.score.toFixed(2) : '—' }));
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** One message of the transcript; every text a person or the knowledge base wrote goes in as text. */
export function messageItem(s: Strings, lang: UiLang, m: Message): HTMLLIElement {
  const reason = why(s, m);
  const failed = m.delivery?.status === 'failed';
  return h('li', { class: `m ${m.role}${failed ? ' failed' : ''}`, 'data-id': m.id }, [
    h('p', { class: 'm-head' }, [h('span', { class: 'm-who', text: sender(s, m) }), ' ', h('time', { datetime: m.at, text: clock(m.at, lang) })]),
    h('p', { class: 'm-text', text: m.text, ...(m.lang && m.role !== 'note' ? { lang: m.lang } : {}) }),
    reason ? h('p', { class: 'm-why', text: reason }) : null,
    failed ? h('p', { class: 'm-fail', text: fill(s.notDelivered, { reason: m.delivery?.error ?? '?' }) }) : null,
  ]);
}

/** The transcript as a live log: on a refresh only messages not shown yet are appended. */
export class TranscriptList {
  /** A log around a list: role="log" on the list itself would hide that it is a list. */
  readonly root: HTMLDivElement;
  private readonly list: HTMLOListElement;
  private readonly shown = new Set<string>();

  constructor(
    private readonly s: Strings,
    private readonly lang: UiLang,
  ) {
    this.list = h('ol', { class: 'transcript' });
    this.root = h('div', { role: 'log', 'aria-label': s.transcript }, [this.list]);
  }

  /** Adds what is new; true when anything was added. A message whose delivery changed is redrawn. */
  update(messages: Message[]): boolean {
    let added = false;
    for (const m of messages) {
      const key = `${m.id}:${m.delivery?.status ?? ''}`;
      if (this.shown.has(key)) continue;
      const old = this.list.querySelector(`li[data-id="${CSS.escape(m.id)}"]`);
      const el = messageItem(this.s, this.lang, m);
      if (old) old.replaceWith(el);
      else {
        this.list.append(el);
        added = true;
      }
      this.shown.add(key);
    }
    return added;
  }
}

/**
 * What the bot gathered before handing over, above the transcript: a disclosure whose closed
 * form still shows the user's question in one line, so that it costs little room on a phone.
 */
export function intakeView(s: Strings, c: ConversationSummary, open: boolean): HTMLDetailsElement {
  const rows: [string, string | null, string | null][] = [];
  const i = c.intake;
  if (c.escalation) rows.push([s.reason, lookup(s, 'reason', c.escalation), null]);
  if (i) {
    rows.push([s.intakeSummary, i.summary, c.lang]);
    rows.push([s.intakeResidence, i.residence ? lookup(s, 'residence', i.residence) : null, null]);
    rows.push([s.intakePreferred, i.language ? langName(s, i.language) : null, null]);
    rows.push([s.intakeContact, i.contact, null]);
  }
  const list = h(
    'dl',
    { class: 'intake-list' },
    rows.flatMap(([label, value, lang]) => [h('dt', { text: label }), h('dd', { text: value ?? '—', ...(value && lang ? { lang } : {}) })]),
  );
  const note = !i ? s.intakeNone : i.skipped ? s.intakeSkipped : null;
  const peek = i?.summary ?? note ?? '';
  return h('details', { class: 'intake', open }, [
    h('summary', {}, [h('span', { class: 'intake-h', text: s.intake }), ' ', h('span', { class: 'intake-peek', text: peek, ...(i?.summary && c.lang ? { lang: c.lang } : {}) })]),
    list,
    note ? h('p', { class: 'intake-note', text: note }) : null,
  ]);
}
