import type { Announcement } from '../core/campaigns.js';
import { CLOSEST, LANGS, type Lang } from '../core/language.js';
import type { Content } from '../core/message.js';
import type { Translator } from '../i18n.js';

/**
 * What one recipient reads: the announcement in their language, or the closest one written
 * (CLOSEST: a Ukrainian reads Russian before English), with a header naming the topic and a
 * footer saying how to stop. Wording around the text comes from locales/<lng>/campaigns.json.
 */
export function pickLang(texts: Announcement['texts'], lang: Lang): Lang | null {
  for (const l of [lang, ...CLOSEST[lang]]) if (texts[l]?.trim()) return l;
  return null;
}

/** The topic's name in `lang`; the id itself when locales lack it (a topic added in CAMPAIGN_TOPICS only). */
export function topicLabel(i18n: Translator, lang: Lang, topic: string): string {
  const key = `campaigns:topics.${topic}`;
  const label = i18n.t(lang, key);
  return label === key || label === `topics.${topic}` ? topic : label;
}

export function announcementContent(i18n: Translator, a: Pick<Announcement, 'texts' | 'topics'>, lang: Lang): Content | null {
  const text = a.texts[lang]?.trim();
  if (!text) return null;
  const topic = a.topics[0];
  const header = i18n.t(lang, 'campaigns:header', { topic: topic ? topicLabel(i18n, lang, topic) : '' });
  const footer = i18n.t(lang, 'campaigns:footer');
  return { type: 'text', text: `${header}\n\n${text}\n\n${footer}` };
}

/** Written languages in the order of LANGS. */
export function writtenLangs(texts: Announcement['texts']): Lang[] {
  return LANGS.filter((l) => Boolean(texts[l]?.trim()));
}

/**
 * A template parameter is one line (Meta refuses newlines and tabs in it) of at most 1,000
 * characters: the announcement's text without its Markdown.
 */
export function templateParameter(text: string): string {
  const flat = text
    .replace(/\[([^\]\n]{1,200})\]\((https?:\/\/[^\s)]{1,500})\)/g, '$1 $2')
    .replace(/\*\*([^*\n]{1,500})\*\*/g, '$1')
    .replace(/^[-*] /gm, '')
    .replace(/\s*\n+\s*/g, ' · ')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(flat).length <= 1000 ? flat : `${Array.from(flat).slice(0, 999).join('')}…`;
}
