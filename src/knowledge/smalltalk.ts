import type { SmalltalkKind } from '../core/knowledge.js';
import { LANGS, type Lang } from '../core/language.js';
import type { Intents, PerLang } from './intents.js';
import { stemsOf } from './normalize.js';

type Kind = SmalltalkKind | 'filler';

/** Thanks outrank a greeting, a greeting outranks a goodbye ("thanks, bye" is thanked for). */
const RANK: Record<SmalltalkKind, number> = { bye: 1, greeting: 2, thanks: 3 };

/**
 * Greetings, thanks and goodbyes (knowledge-base/intents/smalltalk.yaml). A message made only of
 * their words (and fillers) is small talk. The words also say the language better than letter
 * statistics can on one or two words: "ahoj" is Czech, "дякую" Ukrainian.
 */
export class Smalltalk {
  private readonly kinds = new Map<string, Set<Kind>>();
  private readonly langs = new Map<string, Set<Lang>>();

  constructor(intents: Intents) {
    const add = (p: PerLang, kind: Kind): void => {
      for (const l of LANGS) {
        for (const phrase of p[l]) {
          for (const s of stemsOf(phrase)) {
            let kinds = this.kinds.get(s);
            if (!kinds) this.kinds.set(s, (kinds = new Set()));
            kinds.add(kind);
            let langs = this.langs.get(s);
            if (!langs) this.langs.set(s, (langs = new Set()));
            if (kind !== 'filler') langs.add(l);
          }
        }
      }
    };
    add(intents.smalltalk.filler, 'filler');
    add(intents.smalltalk.greeting, 'greeting');
    add(intents.smalltalk.bye, 'bye');
    add(intents.smalltalk.thanks, 'thanks');
  }

  has(stem: string): boolean {
    return this.kinds.has(stem);
  }

  /** The kind of a message made only of small-talk words, or null. */
  kind(stems: readonly string[]): SmalltalkKind | null {
    let kind: SmalltalkKind | null = null;
    for (const s of stems) {
      const kinds = this.kinds.get(s);
      if (!kinds) return null;
      // A word that may stand beside anything ("you" of "thank you" and "how are you") does
      // not choose the kind.
      if (kinds.has('filler')) continue;
      // The "dobr" of Ukrainian "на все добре" must not turn Czech "Dobrý den" into a farewell.
      for (const k of kinds) if (k !== 'filler' && (kind === null || RANK[k] > RANK[kind])) kind = k;
    }
    return kind;
  }

  /** The language whose small-talk words the message uses most; `guess` wins a tie. */
  lang(stems: readonly string[], guess: Lang): Lang {
    const votes = new Map<Lang, number>();
    for (const s of stems) for (const l of this.langs.get(s) ?? []) votes.set(l, (votes.get(l) ?? 0) + 1);
    let best = guess;
    for (const [l, v] of votes) if (v > (votes.get(best) ?? 0)) best = l;
    return best;
  }
}
