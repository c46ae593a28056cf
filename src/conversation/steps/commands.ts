import { isLang } from '../../core/language.js';
import type { Middleware } from '../composer.js';
import { parseCommand, parsePostback } from '../commands.js';
import { escalate } from '../escalate.js';
import { answerReply, forgetConfirm, languageChoice, text, topicsChoice } from '../replies.js';
import type { PipelineDeps, Turn } from '../turn.js';

/** Commands and button presses: the same on every channel, in every language. */
export function commands(deps: PipelineDeps): Middleware<Turn> {
  return async function commands(turn, next) {
    const parsed = turn.postback !== null ? parsePostback(turn.postback) : parseCommand(deps, turn.text);
    if (!parsed) {
      if (turn.postback !== null) turn.dropped = 'unknown-postback';
      return turn.postback !== null ? undefined : next();
    }
    const t = (key: string): string => deps.i18n.t(turn.lang, key);
    const c = turn.conversation;
    switch (parsed.command) {
      case 'start':
        turn.replies.push({ content: text(t('greeting')), action: 'greeting' });
        turn.replies.push({ content: languageChoice(deps, turn.lang), action: 'language' });
        turn.replies.push({ content: topicsChoice(deps, turn.lang), action: 'topics' });
        return;
      case 'help':
        turn.replies.push({ content: text(t('help')), action: 'help' });
        return;
      case 'lang':
        if (parsed.arg && isLang(parsed.arg)) {
          turn.lang = parsed.arg;
          c.lang = parsed.arg;
          c.langLocked = true;
          turn.replies.push({ content: text(deps.i18n.t(turn.lang, 'lang.changed')), action: 'language' });
        } else {
          turn.replies.push({ content: languageChoice(deps, turn.lang), action: 'language' });
        }
        return;
      case 'human':
        await escalate(deps, turn, 'asked');
        return;
      case 'bot':
        turn.replies.push({ content: text(t('handoff.backToBot')), action: 'back-to-bot' });
        return;
      case 'forget':
        c.pending = { kind: 'confirm-forget' };
        turn.replies.push({ content: forgetConfirm(deps, turn.lang), action: 'forget' });
        return;
      case 'yes': {
        if (turn.postback !== 'forget:yes') return next();
        const user = { channel: c.address.channel, user: c.address.user };
        // Everything of the user (conversations with their feedback, subscriptions, ...), audited.
        if (deps.userData) await deps.userData.forget(user, 'user');
        else {
          const removed = await deps.store.conversations.deleteByUser(user.channel, user.user);
          deps.log.info({ event: 'forget', channel: user.channel, conversations: removed }, 'user data erased on request');
        }
        turn.forgotten = true;
        turn.replies.push({ content: text(t('forget.done')), action: 'forget' });
        return;
      }
      case 'no':
        if (turn.postback !== 'forget:no') return next();
        turn.replies.push({ content: text(t('forget.cancelled')), action: 'forget' });
        return;
      case 'entry': {
        const reply = answerReply(deps, parsed.arg, turn.lang, turn.now, null);
        if (!reply) return;
        turn.replies.push(reply);
        c.misses = 0;
        const entry = deps.knowledge.entry(parsed.arg);
        c.topic = entry?.topic ?? c.topic;
        if (entry?.escalate) await escalate(deps, turn, 'entry');
        return;
      }
      case 'none':
        turn.replies.push({ content: text(t('fallback')), action: 'fallback' });
        return;
    }
  };
}
