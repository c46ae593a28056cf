import { InboxApp } from './inbox-app.js';
import { isUiLang, type UiLang } from './strings.js';

const KEY = 'cz-staff:lang';

/** The inbox language: the one chosen before, else Czech for a Czech browser, else English. */
function initialLang(): UiLang {
  try {
    const saved = localStorage.getItem(KEY);
    if (isUiLang(saved)) return saved;
  } catch {
    // Storage may be off (private mode, policy): fall back to the browser's language.
  }
  return (navigator.languages ?? [navigator.language]).some((l) => /^(cs|sk)\b/i.test(l)) ? 'cs' : 'en';
}

function saveLang(l: UiLang): void {
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // Not remembered; the switch still works for this page.
  }
}

const root = document.getElementById('app');
// Asking /api/staff/me without a session would only earn a 401 in the console: the page says whether to.
if (root) void new InboxApp(root, initialLang(), saveLang).start(document.body.dataset.session === 'yes');
