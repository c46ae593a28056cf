import { LANGS, type Lang } from '../core/language.js';

/**
 * What the bot recognises besides knowledge-base entries: requests for a person, small talk,
 * crisis words and out-of-scope examples. They live in knowledge-base/intents/*.yaml so that
 * editors can add a phrasing the bot missed without touching code.
 */
export type PerLang = Record<Lang, string[]>;

export interface Intents {
  /** Asking for a person: a person word with a request word, or refusing the bot (see human.yaml). */
  human: { persons: PerLang; requests: PerLang; notBot: PerLang; examples: PerLang };
  /** Examples of questions the Centre does not answer; indexed like an entry, they pull wrong matches away. */
  outOfScope: PerLang;
  smalltalk: { greeting: PerLang; thanks: PerLang; bye: PerLang; filler: PerLang };
  /** Phrases that show a crisis; any of them escalates with the immediate help first. */
  crisis: PerLang;
}

function emptyPerLang(): PerLang {
  return { cs: [], en: [], uk: [], ru: [], vi: [] };
}

function perLang(raw: unknown, where: string, report: (p: string) => void): PerLang {
  const out = emptyPerLang();
  if (!raw || typeof raw !== 'object') {
    report(`${where}: missing`);
    return out;
  }
  for (const lang of LANGS) {
    const list = (raw as Record<string, unknown>)[lang];
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
      report(`${where}.${lang}: must be a list of strings`);
      continue;
    }
    out[lang] = list as string[];
  }
  return out;
}

export function parseIntents(docs: Record<string, unknown>, report: (p: string) => void): Intents {
  const get = (name: string, key: string): unknown => (docs[name] as Record<string, unknown> | undefined)?.[key];
  return {
    human: {
      persons: perLang(get('human', 'persons'), 'human.persons', report),
      requests: perLang(get('human', 'requests'), 'human.requests', report),
      notBot: perLang(get('human', 'notBot'), 'human.notBot', report),
      examples: perLang(get('human', 'examples'), 'human.examples', report),
    },
    outOfScope: perLang(get('out-of-scope', 'examples'), 'out-of-scope.examples', report),
    smalltalk: {
      greeting: perLang(get('smalltalk', 'greeting'), 'smalltalk.greeting', report),
      thanks: perLang(get('smalltalk', 'thanks'), 'smalltalk.thanks', report),
      bye: perLang(get('smalltalk', 'bye'), 'smalltalk.bye', report),
      filler: perLang(get('smalltalk', 'filler'), 'smalltalk.filler', report),
    },
    crisis: perLang(get('crisis', 'phrases'), 'crisis.phrases', report),
  };
}
