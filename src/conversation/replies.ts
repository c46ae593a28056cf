import type { Decision } from '../core/knowledge.js';
import { LANGS, type Lang } from '../core/language.js';
import type { Content } from '../core/message.js';
import type { PipelineDeps, Reply } from './turn.js';

/** Turning decisions into what the user reads: all wording comes from locales or the knowledge base. */
export function text(t: string): Content {
  return { type: 'text', text: t };
}

export function answerReply(deps: PipelineDeps, entryId: string, lang: Lang, now: Date, decision: Decision | null): Reply | null {
  const a = deps.knowledge.answer(entryId, lang, now);
  if (!a) return null;
  const parts: string[] = [];
  if (a.translated) parts.push(deps.i18n.t(lang, 'note.translated', { language: deps.i18n.t(lang, `languageName.${a.lang}`) }));
  parts.push(a.text);
  if (a.expired) parts.push(deps.i18n.t(lang, 'note.expired', { link: a.sourceUrl ? ` (${a.sourceUrl})` : '' }));
  return { content: text(parts.join('\n\n')), action: decision?.action ?? 'answer', entry: entryId, score: decision?.score ?? null };
}

export function clarifyReply(deps: PipelineDeps, decision: Decision): Reply {
  const lang = decision.lang;
  const options = decision.candidates.map((c) => ({ label: deps.knowledge.title(c.entry, lang), value: `entry:${c.entry}` }));
  options.push({ label: deps.i18n.t(lang, 'talkToHuman'), value: 'human' });
  return { content: { type: 'choice', text: deps.i18n.t(lang, 'clarify'), options }, action: 'clarify', entry: null, score: decision.score };
}

export function languageChoice(deps: PipelineDeps, lang: Lang): Content {
  return {
    type: 'choice',
    text: deps.i18n.t(lang, 'lang.choose'),
    options: LANGS.map((l) => ({ label: deps.i18n.t(l, `languageName.${l}`), value: `lang:${l}` })),
  };
}

export function forgetConfirm(deps: PipelineDeps, lang: Lang): Content {
  return {
    type: 'choice',
    text: deps.i18n.t(lang, 'forget.confirm'),
    options: [
      { label: deps.i18n.t(lang, 'forget.yes'), value: 'forget:yes' },
      { label: deps.i18n.t(lang, 'forget.no'), value: 'forget:no' },
    ],
  };
}

/** The questions most people come with, offered at the start. */
export const MAIN_TOPICS = ['residence.overview', 'czech.courses', 'work.permit', 'health.insurance', 'legal.counseling', 'centre.contacts'];

export function topicsChoice(deps: PipelineDeps, lang: Lang): Content {
  const options = MAIN_TOPICS.filter((id) => deps.knowledge.entry(id)).map((id) => ({ label: deps.knowledge.title(id, lang), value: `entry:${id}` }));
  return { type: 'choice', text: deps.i18n.t(lang, 'topicsPrompt'), options };
}
