import { LANGS, type Lang } from '../../src/core/language.js';
import { topicsChoice } from '../../src/conversation/replies.js';
import type { WebchatContext } from './context.js';
import { UI_KEYS, type PageConfig, type UiStrings } from './protocol.js';

/** The web chat's phrases in all five languages (locales/<lng>/webchat.json), for the page and the widget. */
export function uiStrings(ctx: WebchatContext): Record<Lang, UiStrings> {
  const out = {} as Record<Lang, UiStrings>;
  for (const lang of LANGS) {
    const strings = {} as UiStrings;
    for (const key of UI_KEYS) strings[key] = ctx.i18n.t(lang, `webchat:${key}`);
    out[lang] = strings;
  }
  return out;
}

/** Built per request: the popular topics come from the knowledge base, which editors may change. */
export function pageConfig(ctx: WebchatContext, strings: Record<Lang, UiStrings>, opts: { lang: Lang | null; embed: boolean }): PageConfig {
  const welcome = {} as PageConfig['welcome'];
  for (const lang of LANGS) {
    const topics = topicsChoice(ctx.deps, lang);
    welcome[lang] = { text: ctx.i18n.t(lang, 'greeting'), options: topics.type === 'choice' ? topics.options : [] };
  }
  return {
    lang: opts.lang ?? ctx.config.defaultLang,
    langFromUrl: opts.lang !== null,
    embed: opts.embed,
    maxLength: ctx.config.maxMessageLength,
    languages: LANGS.map((code) => ({ code, name: ctx.i18n.t(code, `languageName.${code}`) })),
    strings,
    welcome,
  };
}

export interface WidgetConfig {
  /** The launcher's accessible name per language. */
  labels: Record<Lang, string>;
  defaultLang: Lang;
  /** Sites that may show the launcher; the chat's CSP (frame-ancestors) enforces the same list. */
  origins: string[] | '*';
}

/** Filled into widget.js when it is loaded. */
export function widgetConfig(ctx: WebchatContext, strings: Record<Lang, UiStrings>): WidgetConfig {
  const labels = {} as Record<Lang, string>;
  for (const lang of LANGS) labels[lang] = strings[lang].launcher;
  return { labels, defaultLang: ctx.config.defaultLang, origins: ctx.config.webchat.allowedOrigins };
}

export const WIDGET_CONFIG_PLACEHOLDER = '__CZ_WIDGET_CONFIG__';
