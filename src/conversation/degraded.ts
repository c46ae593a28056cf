import { isLang, langFromTag, type Lang } from '../core/language.js';
import { conversationKey, type InboundMessage } from '../core/message.js';
import type { Store } from '../core/ports.js';
import { cleanText } from '../knowledge/normalize.js';
import { parseCommand, parsePostback } from './commands.js';
import { answerReply, clarifyReply, languageChoice, text } from './replies.js';
import type { PipelineDeps, Reply } from './turn.js';

/** How long a ping may take before the store counts as down. */
const PING_TIMEOUT_MS = 1000;

/** True when the store does not answer a ping (Redis is down or unreachable). */
export async function storeDown(store: Store): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), PING_TIMEOUT_MS)));
  try {
    return await Promise.race([store.ping().then(() => false, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * When a turn fails because the store is down, the user still gets an answer: from the knowledge
 * base, which lives in memory, without any state (no history, no handoff, nothing saved). Where a
 * person would take over, the user is told that nobody can be reached just now (with the emergency
 * number). Returns null when the store is up: then the failure was something else and is rethrown.
 * Nothing is written anywhere, so that the service recovers by itself as soon as the store returns.
 * Only for Redis, a server that can be away and come back: the embedded SQLite file failing is a
 * fault of this process (a full disk, a closed file), reported as such by the channel.
 */
export async function answerWithoutStore(deps: PipelineDeps, inbound: InboundMessage): Promise<{ conversationId: string; replies: Reply[] } | null> {
  if (deps.store.kind !== 'redis' || !(await storeDown(deps.store))) return null;
  const { lang, replies } = statelessReplies(deps, inbound);
  const conversationId = conversationKey(inbound.address);
  for (const reply of replies) {
    try {
      await deps.outbox.send(inbound.address, reply.content, lang);
    } catch (e) {
      deps.log.warn({ conversation: conversationId, channel: inbound.address.channel, err: e instanceof Error ? e.message.slice(0, 300) : 'unknown error' }, 'reply not delivered');
    }
  }
  deps.log.warn({ event: 'store-unavailable', conversation: conversationId, channel: inbound.address.channel, action: replies[0]?.action ?? null }, 'store unavailable: answered without state');
  return { conversationId, replies };
}

function statelessReplies(deps: PipelineDeps, inbound: InboundMessage): { lang: Lang; replies: Reply[] } {
  const hint = langFromTag(inbound.locale) ?? deps.settings.defaultLang;
  const t = (lang: Lang, key: string): string => deps.i18n.t(lang, key);
  const unavailable = (lang: Lang): Reply => ({ content: text(t(lang, 'handoff.unavailable')), action: 'unavailable' });
  const c = inbound.content;
  if (c.type === 'postback') {
    const p = parsePostback(c.value);
    if (p?.command === 'entry') {
      const reply = answerReply(deps, p.arg, hint, inbound.at, null);
      return { lang: hint, replies: reply ? [reply] : [unavailable(hint)] };
    }
    if (p?.command === 'lang' && isLang(p.arg)) return { lang: p.arg, replies: [{ content: text(t(p.arg, 'lang.changed')), action: 'language' }] };
    return { lang: hint, replies: [unavailable(hint)] };
  }
  const input = cleanText(c.text, deps.settings.maxMessageLength);
  if (input === '') return { lang: hint, replies: [{ content: text(t(hint, 'error.textOnly')), action: 'empty' }] };
  const command = parseCommand(deps, input);
  if (command) {
    switch (command.command) {
      case 'start':
        return { lang: hint, replies: [{ content: text(t(hint, 'greeting')), action: 'greeting' }] };
      case 'help':
        return { lang: hint, replies: [{ content: text(t(hint, 'help')), action: 'help' }] };
      case 'lang':
        return { lang: hint, replies: [{ content: languageChoice(deps, hint), action: 'language' }] };
      case 'forget':
        // Nothing can be erased while the store is away: say so rather than pretend.
        return { lang: hint, replies: [{ content: text(t(hint, 'error.generic')), action: 'forget' }] };
      default:
        return { lang: hint, replies: [unavailable(hint)] };
    }
  }
  const decision = deps.knowledge.decide(input, { hint });
  const lang = decision.lang;
  const replies: Reply[] = [];
  if (decision.crisis) replies.push({ content: text(t(lang, 'handoff.crisis')), action: 'crisis' });
  switch (decision.action) {
    case 'smalltalk':
      replies.push({ content: text(t(lang, `smalltalk.${decision.smalltalk ?? 'greeting'}`)), action: 'smalltalk', score: decision.score });
      break;
    case 'answer':
    case 'escalate': {
      const reply = decision.entry ? answerReply(deps, decision.entry, lang, inbound.at, decision) : null;
      if (reply) replies.push(reply);
      if (decision.action === 'escalate') replies.push(unavailable(lang));
      break;
    }
    case 'clarify':
      replies.push(clarifyReply(deps, decision));
      break;
    case 'fallback':
      replies.push({ content: text(t(lang, 'fallback')), action: 'fallback', score: decision.score }, unavailable(lang));
      break;
  }
  return { lang, replies };
}
