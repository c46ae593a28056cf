import type { Middleware } from '../composer.js';
import { crisisHelp, escalate } from '../escalate.js';
import { answerReply, clarifyReply, text } from '../replies.js';
import type { PipelineDeps, Turn } from '../turn.js';

/** How many unanswered turns in a row before the bot hands over by itself. */
const MISSES_BEFORE_HANDOFF = 2;

/** The FAQ answer, a clarification, small talk, or a polite fallback; hands over when it should. */
export function answer(deps: PipelineDeps): Middleware<Turn> {
  return async function answer(turn, next) {
    const started = performance.now();
    const decision = deps.knowledge.decide(turn.text, { hint: turn.lang });
    deps.metrics?.matchSeconds((performance.now() - started) / 1000);
    turn.decision = decision;
    const c = turn.conversation;
    const lang = turn.lang;
    switch (decision.action) {
      case 'smalltalk':
        turn.replies.push({ content: text(deps.i18n.t(lang, `smalltalk.${decision.smalltalk ?? 'greeting'}`)), action: 'smalltalk', score: decision.score });
        break;
      case 'answer':
      case 'escalate': {
        if (decision.crisis) crisisHelp(deps, turn);
        const reply = decision.entry ? answerReply(deps, decision.entry, lang, turn.now, decision) : null;
        if (reply) turn.replies.push(reply);
        if (decision.entry) c.topic = deps.knowledge.entry(decision.entry)?.topic ?? c.topic;
        c.misses = 0;
        if (decision.action === 'escalate') await escalate(deps, turn, decision.crisis ? 'crisis' : decision.entry ? 'entry' : 'asked');
        break;
      }
      case 'clarify':
        turn.replies.push(clarifyReply(deps, decision));
        break;
      case 'fallback':
        c.misses += 1;
        if (c.misses >= MISSES_BEFORE_HANDOFF) {
          c.misses = 0;
          turn.replies.push({ content: text(deps.i18n.t(lang, 'fallbackOffer')), action: 'fallback', score: decision.score });
          await escalate(deps, turn, 'misses');
        } else {
          turn.replies.push({ content: text(deps.i18n.t(lang, 'fallback')), action: 'fallback', score: decision.score });
        }
        break;
    }
    return next();
  };
}
