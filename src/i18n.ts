import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import { LANGS, type Lang } from './core/language.js';

/** The bot's own phrases (locales/<lng>/*.json), not knowledge-base content. */
export interface Translator {
  t(lang: Lang, key: string, vars?: Record<string, string | number>): string;
  /** A list-valued phrase (e.g. the words that mean "help"), [] when missing. */
  list(lang: Lang, key: string): string[];
}

/** Loads every namespace file synchronously at start, so that no turn waits for a file. */
export function createTranslator(dir: string): Translator {
  const resources: Resource = {};
  const namespaces = new Set<string>();
  for (const lang of LANGS) {
    resources[lang] = {};
    for (const file of readdirSync(join(dir, lang)).filter((f) => f.endsWith('.json'))) {
      const ns = file.replace(/\.json$/, '');
      namespaces.add(ns);
      resources[lang][ns] = JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Record<string, unknown>;
    }
  }
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    ns: [...namespaces],
    defaultNS: 'bot',
    fallbackLng: 'en',
    initAsync: false,
    // Answers are rendered per channel, which escapes for that channel; i18next must not escape too.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return {
    t: (lang, key, vars) => instance.t(key, { lng: lang, ...vars }),
    list: (lang, key) => {
      const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['bot', key];
      const value: unknown = instance.getResource(lang, ns, path);
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    },
  };
}
