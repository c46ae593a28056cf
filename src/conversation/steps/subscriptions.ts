import { DEFAULT_TOPICS } from '../../campaigns/settings.js';
import { topicLabel } from '../../campaigns/content.js';
import type { Subscription } from '../../core/campaigns.js';
import { LANGS, type Lang } from '../../core/language.js';
import type { ChoiceOption, Content } from '../../core/message.js';
import { toLatin } from '../../knowledge/normalize.js';
import type { Middleware } from '../composer.js';
import type { PipelineDeps, Turn } from '../turn.js';

type Request = { kind: 'menu' } | { kind: 'done' } | { kind: 'sub'; topic: string | null } | { kind: 'unsub'; topic: string | null };

function fold(s: string): string {
  return toLatin(s).replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const wordCache = new WeakMap<PipelineDeps, Map<string, 'sub' | 'unsub'>>();

/** Every language's words for the two commands, so "odebírat" works in a conversation held in English. */
function words(deps: PipelineDeps): Map<string, 'sub' | 'unsub'> {
  let map = wordCache.get(deps);
  if (!map) {
    map = new Map();
    for (const l of LANGS) {
      for (const w of deps.i18n.list(l, 'commands:unsubscribe')) map.set(fold(w), 'unsub');
      for (const w of deps.i18n.list(l, 'commands:subscribe')) if (!map.has(fold(w))) map.set(fold(w), 'sub');
    }
    wordCache.set(deps, map);
  }
  return map;
}

/** "/subscribe", "/subscribe czech", "/unsubscribe", a command word, or one of this step's buttons. */
export function parseSubscription(deps: PipelineDeps, turn: Pick<Turn, 'postback' | 'text'>): Request | null {
  const topics = deps.settings.campaignTopics ?? DEFAULT_TOPICS;
  const topicOf = (arg: string | undefined): string | null => (arg && topics.includes(arg.toLowerCase()) ? arg.toLowerCase() : null);
  if (turn.postback !== null) {
    const [head, arg] = turn.postback.split(':', 2) as [string, string | undefined];
    if (head === 'subs') return arg === 'done' ? { kind: 'done' } : { kind: 'menu' };
    if (head === 'sub') return topicOf(arg) ? { kind: 'sub', topic: topicOf(arg) } : { kind: 'menu' };
    if (head === 'unsub') return { kind: 'unsub', topic: arg === 'all' ? null : topicOf(arg) };
    return null;
  }
  const slash = /^\/(subscribe|unsubscribe|news)(?:@\w+)?(?:\s+(\S+))?\s*$/i.exec(turn.text.trim());
  if (slash) {
    const unsub = (slash[1] ?? '').toLowerCase() === 'unsubscribe';
    const topic = topicOf(slash[2]);
    if (unsub) return { kind: 'unsub', topic: slash[2] && slash[2].toLowerCase() !== 'all' ? topic ?? '?' : null };
    return topic ? { kind: 'sub', topic } : { kind: 'menu' };
  }
  if (turn.text.length > 40 || turn.text === '') return null;
  const word = words(deps).get(fold(turn.text));
  return word === 'sub' ? { kind: 'menu' } : word === 'unsub' ? { kind: 'unsub', topic: null } : null;
}

/**
 * Subscriptions to announcements, by command or button, on every channel and in every language.
 * Subscribing is the user's own act (their consent); unsubscribing takes one message and no
 * confirmation. Only the chat's address, the language and the topics are kept.
 */
export function subscriptions(deps: PipelineDeps): Middleware<Turn> {
  return async function subscriptions(turn, next) {
    const request = parseSubscription(deps, turn);
    if (!request) return next();
    const c = turn.conversation;
    const lang = turn.lang;
    const t = (key: string, vars?: Record<string, string>) => deps.i18n.t(lang, `campaigns:subscribe.${key}`, vars);
    const label = (topic: string) => topicLabel(deps.i18n, lang, topic);
    const current = await deps.store.subscriptions.get(c.address.channel, c.address.user);
    const mine = current?.topics ?? [];
    const save = async (topics: string[]): Promise<void> => {
      const at = turn.now.toISOString();
      const s: Subscription = { channel: c.address.channel, user: c.address.user, address: c.address, topics, lang, createdAt: current?.createdAt ?? at, updatedAt: at };
      await deps.store.subscriptions.save(s);
      deps.log.info({ event: topics.length > mine.length ? 'subscribe' : 'unsubscribe', channel: c.address.channel, topics: topics.length }, 'subscriptions changed');
    };

    switch (request.kind) {
      case 'menu':
        turn.replies.push({ content: menu(deps, lang, mine, `${t('choose')}\n\n${summary(deps, lang, mine)}\n\n${t('stored')}`), action: 'subscriptions' });
        return;
      case 'done':
        turn.replies.push({ content: { type: 'text', text: summary(deps, lang, mine) }, action: 'subscriptions' });
        return;
      case 'sub': {
        const topic = request.topic ?? '';
        const topics = mine.includes(topic) ? mine : [...mine, topic];
        await save(topics);
        turn.replies.push({ content: menu(deps, lang, topics, `${t('subscribed', { topic: label(topic) })}\n\n${summary(deps, lang, topics)}`), action: 'subscribe' });
        return;
      }
      case 'unsub': {
        if (request.topic === '?') {
          turn.replies.push({ content: menu(deps, lang, mine, `${t('choose')}\n\n${summary(deps, lang, mine)}`), action: 'subscriptions' });
          return;
        }
        if (mine.length === 0) {
          turn.replies.push({ content: { type: 'text', text: t('nothing') }, action: 'unsubscribe' });
          return;
        }
        if (request.topic === null) {
          await save([]);
          turn.replies.push({ content: { type: 'text', text: t('unsubscribedAll') }, action: 'unsubscribe' });
          return;
        }
        const topic = request.topic;
        const topics = mine.filter((x) => x !== topic);
        await save(topics);
        turn.replies.push({ content: menu(deps, lang, topics, `${t('unsubscribed', { topic: label(topic) })}\n\n${summary(deps, lang, topics)}`), action: 'unsubscribe' });
        return;
      }
    }
  };
}

function summary(deps: PipelineDeps, lang: Lang, topics: readonly string[]): string {
  if (topics.length === 0) return deps.i18n.t(lang, 'campaigns:subscribe.none');
  return deps.i18n.t(lang, 'campaigns:subscribe.current', { topics: topics.map((x) => topicLabel(deps.i18n, lang, x)).join(', ') });
}

/** One button per topic, ticked when subscribed (pressing it unsubscribes), then "stop all" and "done". */
function menu(deps: PipelineDeps, lang: Lang, mine: readonly string[], text: string): Content {
  const topics = deps.settings.campaignTopics ?? DEFAULT_TOPICS;
  const options: ChoiceOption[] = topics.map((topic) => {
    const on = mine.includes(topic);
    return { label: `${on ? '✅' : '⬜'} ${topicLabel(deps.i18n, lang, topic)}`, value: `${on ? 'unsub' : 'sub'}:${topic}` };
  });
  if (mine.length > 0) options.push({ label: deps.i18n.t(lang, 'campaigns:subscribe.stopAll'), value: 'unsub:all' });
  options.push({ label: deps.i18n.t(lang, 'campaigns:subscribe.done'), value: 'subs:done' });
  return { type: 'choice', text, options };
}
