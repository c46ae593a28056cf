import { langFromTag, type Lang } from '../../core/language.js';
import { WIDGET_STYLE } from './widget-style.js';

/**
 * The embeddable widget: `<script src="https://HOST/widget.js" defer></script>` adds a launcher
 * button that opens the chat page in a frame. Everything lives in one shadow root on one element,
 * so the host page is neither restyled nor otherwise touched; the frame keeps the chat's own
 * styles and script away from the host too. Optional: data-lang="uk" on the script tag.
 */
interface WidgetConfig {
  labels: Partial<Record<Lang, string>>;
  defaultLang: Lang;
  origins: string[] | '*';
}

/** The server replaces this string with the launcher's labels when it serves widget.js. */
const CONFIG = '__CZ_WIDGET_CONFIG__';
const SVG = 'http://www.w3.org/2000/svg';
const CHAT_ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6v2h2v-2zm4 0v2h2v-2zm4 0v2h2v-2z';
const CLOSE_ICON = 'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z';

function svgIcon(path: string, cls: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', cls);
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('fill', 'currentColor');
  p.setAttribute('d', path);
  svg.append(p);
  return svg;
}

function pickLang(script: HTMLScriptElement, fallback: Lang): Lang {
  const tags = [script.dataset.lang, document.documentElement.lang, ...(navigator.languages ?? [navigator.language])];
  for (const tag of tags) {
    const l = langFromTag(tag);
    if (l) return l;
  }
  return fallback;
}

function adoptStyle(root: ShadowRoot): void {
  // A constructed sheet is not an inline <style>, so a host page's strict CSP does not block it.
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_STYLE);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = WIDGET_STYLE;
    root.append(style);
  }
}

function mount(script: HTMLScriptElement): void {
  if (document.querySelector('[data-cz-chat]')) return;
  let cfg: WidgetConfig;
  try {
    cfg = JSON.parse(CONFIG) as WidgetConfig;
  } catch {
    return;
  }
  const chatUrl = new URL('/chat', script.src);
  // A site that may not frame the chat gets no launcher, rather than one that opens a blocked frame.
  if (cfg.origins !== '*' && location.origin !== chatUrl.origin && !cfg.origins.includes(location.origin)) return;
  const lang = pickLang(script, cfg.defaultLang);
  const label = cfg.labels[lang] ?? cfg.labels[cfg.defaultLang] ?? 'Chat';
  chatUrl.searchParams.set('lang', lang);
  chatUrl.searchParams.set('embed', '1');

  const host = document.createElement('div');
  host.setAttribute('data-cz-chat', '');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyle(root);

  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  button.title = label;
  button.setAttribute('aria-label', label);
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'cz-panel');
  button.append(svgIcon(CHAT_ICON, 'i-chat'), svgIcon(CLOSE_ICON, 'i-close'));

  const panel = document.createElement('div');
  panel.id = 'cz-panel';
  panel.className = 'panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', label);

  let frame: HTMLIFrameElement | null = null;
  const focusChat = (): void => {
    frame?.focus();
    frame?.contentWindow?.postMessage({ type: 'cz-chat:focus' }, chatUrl.origin);
  };
  const open = (): void => {
    if (!frame) {
      // Loaded on first open only: a page that never opens the chat pays for the button alone.
      frame = document.createElement('iframe');
      frame.title = label;
      frame.src = chatUrl.href;
      frame.addEventListener('load', focusChat);
      panel.append(frame);
    }
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    focusChat();
  };
  const close = (): void => {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };

  button.addEventListener('click', () => (panel.hidden ? open() : close()));
  root.addEventListener('keydown', (e) => {
    if (e instanceof KeyboardEvent && e.key === 'Escape' && !panel.hidden) close();
  });
  window.addEventListener('message', (e: MessageEvent) => {
    const data: unknown = e.data;
    if (!frame || e.source !== frame.contentWindow || e.origin !== chatUrl.origin) return;
    if (typeof data === 'object' && data !== null && 'type' in data && data.type === 'cz-chat:close') close();
  });

  root.append(button, panel);
  document.body.append(host);
}

const current = document.currentScript;
if (current instanceof HTMLScriptElement && current.src) {
  const script = current;
  // With `defer` the body exists; without it the script may run in <head>, before the body.
  if (document.body) mount(script);
  else document.addEventListener('DOMContentLoaded', () => mount(script));
}
