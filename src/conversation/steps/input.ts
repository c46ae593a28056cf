import { cleanText } from '../../knowledge/normalize.js';
import type { Middleware } from '../composer.js';
import type { PipelineDeps, Turn } from '../turn.js';
import { text } from '../replies.js';

/** Normalises what came in; a message with nothing to read gets a polite answer, not an error. */
export function input(deps: PipelineDeps): Middleware<Turn> {
  return async function input(turn, next) {
    const c = turn.inbound.content;
    if (c.type === 'postback') {
      turn.postback = c.value.slice(0, 200);
      return next();
    }
    const raw = c.text;
    turn.text = cleanText(raw, deps.settings.maxMessageLength);
    turn.truncated = Array.from(raw).length > deps.settings.maxMessageLength;
    if (turn.text === '') {
      turn.dropped = 'empty';
      turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'error.textOnly')), action: 'empty' });
      return;
    }
    if (turn.truncated) turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'note.tooLong')), action: 'note' });
    return next();
  };
}
