import type { ChoiceOption } from '../../core/message.js';
import type { FeedbackValue, UiKey, UiStrings } from '../../../adapters/webchat/protocol.js';
import { h, icon, THUMB_DOWN, THUMB_UP } from './dom.js';
import { renderMarkdown, renderPlain } from './markdown.js';

export type Role = 'user' | 'bot' | 'staff' | 'system';

/** An element whose text follows the page's language: `data-t` names the phrase. */
export function phrase(tag: 'span' | 'p', key: UiKey, s: UiStrings, cls?: string): HTMLElement {
  return h(tag, { 'data-t': key, text: s[key], ...(cls ? { class: cls } : {}) });
}

/** Re-labels everything marked with data-t* after the language changed. */
export function applyStrings(root: ParentNode, s: UiStrings): void {
  const get = (k: string | undefined): string | undefined => (k !== undefined && k in s ? s[k as UiKey] : undefined);
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-t]'))) {
    const v = get(el.dataset.t);
    if (v !== undefined) el.textContent = v;
  }
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-t-label]'))) {
    const v = get(el.dataset.tLabel);
    if (v !== undefined) {
      el.setAttribute('aria-label', v);
      if (el.hasAttribute('title')) el.title = v;
    }
  }
  for (const el of Array.from(root.querySelectorAll<HTMLTextAreaElement>('[data-t-placeholder]'))) {
    const v = get(el.dataset.tPlaceholder);
    if (v !== undefined) el.placeholder = v;
  }
}

const SENDER: Record<Role, UiKey | null> = { user: 'you', bot: 'assistant', staff: 'staff', system: null };

/**
 * One message. The sender is said in words (hidden for the visitor's and the bot's, shown for
 * staff), so that a screen reader announces who wrote what as it arrives in the log.
 */
export function messageView(role: Role, text: string, lang: string | null, s: UiStrings): { root: HTMLElement; bubble: HTMLElement } {
  const bubble = h('div', { class: 'bubble' });
  if (lang) bubble.lang = lang;
  bubble.append(role === 'user' ? renderPlain(text) : renderMarkdown(text));
  const root = h('div', { class: `msg ${role}` });
  const sender = SENDER[role];
  if (sender) root.append(phrase('span', sender, s, role === 'staff' ? 'who' : 'vh'));
  root.append(bubble);
  return { root, bubble };
}

let groupSeq = 0;

export function quickReplies(options: ChoiceOption[], s: UiStrings, onPick: (o: ChoiceOption) => void): HTMLElement {
  const group = h('div', { class: 'quick', role: 'group', 'data-t-label': 'suggestions', 'aria-label': s.suggestions });
  for (const option of options) {
    const button = h('button', { type: 'button', class: 'chip', text: option.label });
    button.addEventListener('click', () => onPick(option));
    group.append(button);
  }
  return group;
}

/** "Was this answer helpful?" with two toggle buttons; the choice can be changed. */
export function feedbackView(s: UiStrings, current: FeedbackValue | null, onRate: (v: FeedbackValue) => void): { root: HTMLElement; set(v: FeedbackValue | null): void } {
  const id = `cz-fb-${++groupSeq}`;
  const question = h('span', { id, class: 'fb-q', 'data-t': 'feedbackQuestion', text: s.feedbackQuestion });
  const thanks = phrase('span', 'feedbackThanks', s, 'fb-thanks');
  const make = (value: FeedbackValue, key: UiKey, path: string): HTMLButtonElement => {
    const b = h('button', { type: 'button', class: 'fb-btn', 'aria-pressed': 'false', 'data-t-label': key, 'aria-label': s[key], title: s[key] }, [icon(path, 18)]);
    b.addEventListener('click', () => onRate(value));
    return b;
  };
  const up = make('helpful', 'helpful', THUMB_UP);
  const down = make('unhelpful', 'notHelpful', THUMB_DOWN);
  const root = h('div', { class: 'fb', role: 'group', 'aria-labelledby': id }, [question, up, down, thanks]);
  const set = (v: FeedbackValue | null): void => {
    up.setAttribute('aria-pressed', String(v === 'helpful'));
    down.setAttribute('aria-pressed', String(v === 'unhelpful'));
    thanks.hidden = v === null;
  };
  set(current);
  return { root, set };
}
