import type { AdminApi } from './api.js';
import type { Strings, UiLang } from './strings.js';
import type { Lang, Me } from './types.js';

/** A new entry started from the review list: its first question, and the collected questions it settles. */
export interface NewDraft {
  lang: Lang;
  question: string;
  keys: string[];
}

/** What every view gets: the strings, the API, navigation, and a way to guard unsaved work. */
export interface Ctx {
  s: Strings;
  lang: UiLang;
  api: AdminApi;
  me: Me;
  go(hash: string): void;
  /** Set by the editor while it holds unsaved changes: leaving asks first. */
  guard(dirty: (() => boolean) | null): void;
  pendingNew: NewDraft | null;
}
