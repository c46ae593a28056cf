const VISITOR_KEY = 'cz-chat:visitor';
const LANG_KEY = 'cz-chat:lang';
const VISITOR = /^[A-Za-z0-9_-]{8,64}$/;

/** localStorage when the browser allows it (a blocked third-party frame may not): then memory only. */
function storage(): Storage | null {
  try {
    const s = window.localStorage;
    s.setItem('cz-chat:probe', '1');
    s.removeItem('cz-chat:probe');
    return s;
  } catch {
    return null;
  }
}

const store = storage();

/** 128 random bits, URL-safe: unguessable, so the id is the visitor's only key to their history. */
export function newId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function visitorId(): string {
  const saved = store?.getItem(VISITOR_KEY);
  if (saved && VISITOR.test(saved)) return saved;
  const id = newId();
  store?.setItem(VISITOR_KEY, id);
  return id;
}

export function savedLang(): string | null {
  return store?.getItem(LANG_KEY) ?? null;
}

export function saveLang(lang: string): void {
  store?.setItem(LANG_KEY, lang);
}
