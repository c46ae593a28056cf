import { transition } from '../../core/conversation.js';
import type { Middleware } from '../composer.js';
import { isBackToBot } from '../commands.js';
import { crisisHelp } from '../escalate.js';
import { text } from '../replies.js';
import type { PipelineDeps, Turn } from '../turn.js';

/**
 * While staff own a conversation the bot stays quiet: the message is kept for staff and nothing
 * else runs. Two exceptions: the user may go back to the bot at any time, and a message that
 * shows a crisis gets the emergency numbers at once while nobody has claimed it yet.
 */
export function handoffGate(deps: PipelineDeps): Middleware<Turn> {
  return async function handoffGate(turn, next) {
    const c = turn.conversation;
    if (c.status === 'closed') {
      turn.conversation = transition(c, { type: 'user-returned' }, turn.now);
      return next();
    }
    if (c.status === 'bot') return next();
    if (isBackToBot(deps, turn)) {
      turn.conversation = transition(c, { type: 'back-to-bot' }, turn.now);
      turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'handoff.backToBot')), action: 'back-to-bot' });
      return;
    }
    if (c.status === 'waiting' && turn.text !== '' && deps.knowledge.decide(turn.text, { hint: turn.lang }).crisis) crisisHelp(deps, turn);
    turn.dropped = `handoff:${c.status}`;
  };
}
