import { escapeHtml } from '../../src/conversation/render.js';
import { dirOf, type PageConfig } from './protocol.js';

const ICON_SEND =
  '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6l-.01 6.53L15 12 3.39 13.87z"/></svg>';
const ICON_CLOSE =
  '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><path fill="currentColor" d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"/></svg>';
const ICON_CHAT =
  '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6v2h2v-2zm4 0v2h2v-2zm4 0v2h2v-2z"/></svg>';

/** JSON inside a script element: "<" could end the element early, so it is escaped. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The chat page. The shell is rendered here in the asked language, so that it paints before the
 * script runs; the script then fills the conversation in. Every phrase is escaped.
 */
export function renderPage(cfg: PageConfig, urls: { script: string; style: string }): string {
  const s = cfg.strings[cfg.lang];
  const e = escapeHtml;
  const options = cfg.languages
    .map((l) => `<option value="${e(l.code)}" lang="${e(l.code)}"${l.code === cfg.lang ? ' selected' : ''}>${e(l.name)}</option>`)
    .join('');
  const close = cfg.embed
    ? `<button type="button" class="icon-btn" id="cz-close" data-t-label="close" aria-label="${e(s.close)}" title="${e(s.close)}">${ICON_CLOSE}</button>`
    : '';
  return `<!doctype html>
<html lang="${e(cfg.lang)}" dir="${dirOf(cfg.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover, interactive-widget=resizes-content">
<meta name="color-scheme" content="light">
<meta name="theme-color" content="#0b4f8a">
<link rel="icon" href="data:,">
<title data-t="title">${e(s.title)}</title>
<link rel="stylesheet" href="${e(urls.style)}">
<script src="${e(urls.script)}" defer></script>
</head>
<body class="${cfg.embed ? 'embed' : 'full'}">
<div class="app">
<header class="bar">
<span class="logo">${ICON_CHAT}</span>
<div class="brand"><h1 class="title" data-t="title">${e(s.title)}</h1><p class="subtitle" data-t="subtitle">${e(s.subtitle)}</p></div>
<div class="lang"><label for="cz-lang" class="vh" data-t="language">${e(s.language)}</label><select id="cz-lang">${options}</select></div>
${close}
</header>
<main class="main">
<div id="cz-log" class="log" role="log" aria-live="polite" aria-relevant="additions" data-t-label="conversation" aria-label="${e(s.conversation)}" tabindex="0"></div>
<div id="cz-status" class="status" role="status" aria-live="polite"><span id="cz-typing" class="typing" hidden><span class="dots" aria-hidden="true"><i></i><i></i><i></i></span><span id="cz-typing-text"></span></span><span id="cz-conn"></span></div>
<form id="cz-form" class="composer" novalidate>
<label for="cz-input" class="vh" data-t="inputLabel">${e(s.inputLabel)}</label>
<textarea id="cz-input" rows="1" enterkeyhint="send" autocomplete="off" data-t-placeholder="placeholder" placeholder="${e(s.placeholder)}" aria-describedby="cz-error cz-hint"></textarea>
<button type="submit" class="send" id="cz-send" data-t-label="send" aria-label="${e(s.send)}" title="${e(s.send)}">${ICON_SEND}</button>
</form>
<p id="cz-error" class="error" role="alert"></p>
<p id="cz-hint" class="hint" data-t="privacy">${e(s.privacy)}</p>
</main>
</div>
<script type="application/json" id="cz-config">${jsonForScript(cfg)}</script>
</body>
</html>
`;
}
