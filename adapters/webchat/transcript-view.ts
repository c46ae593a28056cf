import type { TranscriptMessage } from '../../src/core/conversation.js';
import { isLang, type Lang } from '../../src/core/language.js';
import type { ChoiceOption } from '../../src/core/message.js';
import { forgetConfirm } from '../../src/conversation/replies.js';
import type { WebchatContext } from './context.js';
import type { History, TranscriptItem } from './protocol.js';

/** The roles a visitor sees; staff notes and anything internal stay out. */
const VISIBLE = new Set(['user', 'bot', 'staff', 'system']);

export function conversationId(visitor: string): string {
  return `webchat:${visitor}`;
}

/**
 * The pipeline stores a button press as "[value]". The visitor pressed a labelled button, so the
 * history shows that label again, in the language of that turn.
 */
export function postbackLabel(ctx: WebchatContext, value: string, lang: Lang): string {
  const [head, arg] = value.split(':', 2) as [string, string | undefined];
  const t = (key: string): string => ctx.i18n.t(lang, key);
  if (head === 'entry' && arg) return ctx.knowledge.title(arg, lang);
  if (head === 'lang' && isLang(arg)) return ctx.i18n.t(arg, `languageName.${arg}`);
  if (value === 'human') return t('talkToHuman');
  if (value === 'none') return t('noneOfThese');
  if (value === 'forget:yes') return t('forget.yes');
  if (value === 'forget:no') return t('forget.no');
  return `/${value}`;
}

export function toItem(ctx: WebchatContext, m: TranscriptMessage): TranscriptItem {
  const pressed = m.role === 'user' ? /^\[([^\]\s]{1,200})\]$/.exec(m.text) : null;
  const lang = m.lang ?? ctx.config.defaultLang;
  return {
    id: m.id,
    role: m.role,
    text: pressed?.[1] ? postbackLabel(ctx, pressed[1], lang) : m.text,
    at: m.at,
    lang: m.lang,
    answer: m.role === 'bot' && Boolean(m.entry),
    feedback: m.feedback?.value ?? null,
  };
}

export async function recentItems(ctx: WebchatContext, visitor: string, limit: number): Promise<TranscriptItem[]> {
  const messages = await ctx.store.conversations.messages(conversationId(visitor), { limit });
  return messages.filter((m) => VISIBLE.has(m.role)).map((m) => toItem(ctx, m));
}

export async function historyOf(ctx: WebchatContext, visitor: string): Promise<History> {
  const conversation = await ctx.store.conversations.get(conversationId(visitor));
  if (!conversation) return { lang: null, status: 'bot', messages: [], choices: null };
  const lang = conversation.lang ?? ctx.config.defaultLang;
  const p = conversation.pending;
  const pendingChoice = p?.kind === 'choice' ? p.options : p?.kind === 'confirm-forget' ? choicesOf(forgetConfirm(ctx.deps, lang)) : null;
  return { lang: conversation.lang, status: conversation.status, messages: await recentItems(ctx, visitor, 200), choices: pendingChoice };
}

function choicesOf(content: ReturnType<typeof forgetConfirm>): ChoiceOption[] | null {
  return content.type === 'choice' ? content.options : null;
}
