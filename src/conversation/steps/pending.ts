import Fuse from 'fuse.js';
import type { Middleware } from '../composer.js';
import { parseCommand } from '../commands.js';
import type { PipelineDeps, Turn } from '../turn.js';

/**
 * Understands a reply to what the bot just asked: "2" or a mistyped option label picks that option
 * on channels without buttons; "yes"/"no" answers the forget-me confirmation. fuse.js is good at
 * exactly this: fuzzy matching against a handful of labels.
 */
export function pending(deps: PipelineDeps): Middleware<Turn> {
  return async function pending(turn, next) {
    const p = turn.conversation.pending;
    if (p?.kind === 'intake') return next();
    turn.conversation.pending = null;
    if (!p || turn.postback !== null || turn.text === '') return next();
    if (p.kind === 'confirm-forget') {
      const cmd = parseCommand(deps, turn.text)?.command;
      if (cmd === 'yes') turn.postback = 'forget:yes';
      else if (cmd === 'no') turn.postback = 'forget:no';
      return next();
    }
    const n = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(turn.text);
    if (n) {
      const option = p.options[Number(n[1]) - 1];
      if (option) turn.postback = option.value;
      return next();
    }
    if (turn.text.length <= 60) {
      const fuse = new Fuse(p.options, { keys: ['label'], threshold: 0.3, ignoreLocation: true });
      const hit = fuse.search(turn.text)[0];
      if (hit) turn.postback = hit.item.value;
    }
    return next();
  };
}
