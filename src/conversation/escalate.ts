import { transition, type EscalationReason } from '../core/conversation.js';
import type { ChoiceOption } from '../core/message.js';
import type { PipelineDeps, Turn } from './turn.js';
import { text } from './replies.js';

export const RESIDENCE_KINDS = ['permanent', 'longTerm', 'protection', 'eu', 'asylum', 'other'] as const;

/**
 * Hands the conversation to staff. When the user asked (or the bot kept missing), the bot first
 * takes the intake a counsellor would take, in one or two steps the user may skip; a crisis or
 * an entry that must be handled by a person goes over at once.
 */
export async function escalate(deps: PipelineDeps, turn: Turn, reason: EscalationReason): Promise<void> {
  const c = turn.conversation;
  if (c.status === 'waiting' || c.status === 'assigned') {
    turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'handoff.alreadyWaiting')), action: 'escalate' });
    return;
  }
  if ((reason === 'asked' || reason === 'misses') && !c.intake) {
    askResidence(deps, turn, reason);
    return;
  }
  await handOver(deps, turn, reason);
}

export async function handOver(deps: PipelineDeps, turn: Turn, reason: EscalationReason): Promise<void> {
  const c = transition(turn.conversation, { type: 'escalate', reason }, turn.now);
  const route = await deps.handoff.route(c);
  c.team = route.team;
  c.interpreter = route.interpreter;
  turn.conversation = c;
  const when = deps.handoff.whenText(turn.lang, turn.now);
  turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'handoff.waiting', { when })), action: 'escalate' });
}

function askResidence(deps: PipelineDeps, turn: Turn, reason: EscalationReason): void {
  const t = (k: string): string => deps.i18n.t(turn.lang, k);
  const options: ChoiceOption[] = RESIDENCE_KINDS.map((k) => ({ label: t(`intake.options.${k}`), value: `intake:res:${k}` }));
  options.push({ label: t('intake.skip'), value: 'intake:skip' });
  turn.replies.push({ content: { type: 'choice', text: t('intake.residence'), options }, action: 'intake' });
  turn.conversation.intake = { summary: null, residence: null, language: turn.lang, contact: null, skipped: false };
  turn.conversation.pending = { kind: 'intake', step: 'residence', reason, options };
}

export function crisisHelp(deps: PipelineDeps, turn: Turn): void {
  turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'handoff.crisis')), action: 'crisis' });
}
