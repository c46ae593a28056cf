import { AnnouncementsApp } from './app.js';
import { isUiLang, type UiLang } from './strings.js';

// The same key as the editor pages (/admin): one choice of language for both.
const KEY = 'cz-admin:lang';

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
    // Not remembered; the switch still works on this page.
  }
}

const root = document.getElementById('app');
// Without a session cookie, asking /api/staff/me would only earn a 401: the server says whether one came.
if (root) void new AnnouncementsApp(root, initialLang(), saveLang).start(document.body.dataset.session === 'yes');
