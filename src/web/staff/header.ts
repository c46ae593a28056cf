import { h } from './dom.js';
import { Notifier } from './notifier.js';
import { UI_LANGS, type Strings, type UiLang } from './strings.js';
import type { Me } from './types.js';

const LANG_LABEL: Record<UiLang, string> = { cs: 'Čeština', en: 'English' };

export interface HeaderHooks {
  lang(l: UiLang): void;
  signOut(): void;
}

/** The bar on top: where you are, whether the live feed is up, who is signed in, language, sign out. */
export function headerView(s: Strings, lang: UiLang, me: Me | null, live: boolean | null, hooks: HeaderHooks): HTMLElement {
  const select = h(
    'select',
    { id: 'ui-lang' },
    UI_LANGS.map((l) => h('option', { value: l, lang: l, text: LANG_LABEL[l], ...(l === lang ? { selected: true } : {}) })),
  );
  select.addEventListener('change', () => {
    const l = UI_LANGS.find((x) => x === select.value);
    if (l) hooks.lang(l);
  });
  const parts: (HTMLElement | null)[] = [
    h('h1', { class: 'brand' }, [h('span', { class: 'brand-name', text: s.brand }), h('span', { class: 'brand-title', text: s.title })]),
  ];
  if (me) parts.push(h('span', { class: `live ${live ? 'up' : 'down'}`, id: 'live-state' }, [h('span', { class: 'live-text', text: live ? s.live : s.reconnecting })]));
  if (me && Notifier.canAsk()) {
    const ask = h('button', { type: 'button', class: 'btn ghost', id: 'notify-btn', text: s.enableNotifications });
    ask.addEventListener('click', () => void Notifier.ask().finally(() => ask.remove()));
    parts.push(ask);
  }
  if (me) parts.push(h('span', { class: 'me', text: me.name }));
  parts.push(h('span', { class: 'lang' }, [h('label', { for: 'ui-lang', class: 'vh', text: s.language }), select]));
  if (me) {
    const out = h('button', { type: 'button', class: 'btn ghost', id: 'sign-out', text: s.signOut });
    out.addEventListener('click', () => hooks.signOut());
    parts.push(out);
  }
  return h('header', { class: 'top' }, parts);
}
