import { langFromTag } from '../../core/language.js';
import type { Middleware } from '../composer.js';
import type { PipelineDeps, Turn } from '../turn.js';

/**
 * The language of this turn: the user's explicit choice wins; otherwise the message itself when
 * it is clear, else the language of the conversation so far, else the platform's hint.
 */
export function language(deps: PipelineDeps): Middleware<Turn> {
  return async function language(turn, next) {
    const c = turn.conversation;
    const hint = c.lang ?? langFromTag(turn.inbound.locale) ?? deps.settings.defaultLang;
    if (c.langLocked && c.lang) {
      turn.lang = c.lang;
    } else if (turn.text !== '' && !saysLittle(turn.text, c.lang !== null)) {
      const guess = deps.knowledge.detectLanguage(turn.text);
      // Short replies ("ok", "2") say little about the language; keep the one we had.
      turn.lang = guess.confidence >= 0.35 || !c.lang ? (guess.confidence > 0 ? guess.lang : hint) : hint;
    } else {
      turn.lang = hint;
    }
    c.lang = turn.lang;
    return next();
  };
}

/**
 * A command or a number says nothing about the language; nor, once we know the language, does a
 * single short word ("ok", "ano").
 */
function saysLittle(text: string, known: boolean): boolean {
  const t = text.trim();
  return t.startsWith('/') || /^\d+[.)]?$/.test(t) || (known && !/\s/.test(t) && Array.from(t).length <= 4);
}
