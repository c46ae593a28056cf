import { transition, type EscalationReason } from '../core/conversation.js';
import type { PipelineDeps, Turn } from './turn.js';
import { text } from './replies.js';

/** Hands the conversation to staff and tells the user, in their language, what happens next. */
export function escalate(deps: PipelineDeps, turn: Turn, reason: EscalationReason): void {
  const c = turn.conversation;
  if (c.status === 'waiting' || c.status === 'assigned') {
    turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'handoff.alreadyWaiting')), action: 'escalate' });
    return;
  }
  turn.conversation = transition(c, { type: 'escalate', reason }, turn.now);
  const when = deps.handoff.whenText(turn.lang, turn.now);
  turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'handoff.waiting', { when })), action: 'escalate' });
}

export function crisisHelp(deps: PipelineDeps, turn: Turn): void {
  turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'handoff.crisis')), action: 'crisis' });
}
