import type { Announcement } from '../core/campaigns.js';
import { LANGS, type Lang } from '../core/language.js';
import type { ChannelId, ChannelCapabilities } from '../core/message.js';
import { render, splitText } from '../conversation/render.js';
import { announcementContent, pickLang, topicLabel, writtenLangs } from './content.js';
import type { CampaignDeps } from './deps.js';

const WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ChannelPreview {
  channel: ChannelId;
  style: ChannelCapabilities['markdown'];
  lang: Lang;
  /** Exactly what the channel is given (Telegram HTML, WhatsApp's *bold*, plain text, ...). */
  text: string;
  /** How many messages a long text becomes on this channel. */
  messages: number;
}

export interface Preview {
  /** The whole message per written language (header, text, footer), in the Markdown subset. */
  texts: { lang: Lang; text: string }[];
  channels: ChannelPreview[];
  audience: {
    total: number;
    byChannel: Partial<Record<ChannelId, number>>;
    /** Subscribers by the language they read, and the language they would get. */
    byLang: { lang: Lang; count: number; gets: Lang | null }[];
    /** The channel said they cannot be reached (blocked the bot): they are skipped. */
    unreachable: number;
  };
  /** The WhatsApp Cloud API's 24-hour rule, when it applies. */
  whatsapp: { subscribers: number; outsideWindow: number; template: string | null } | null;
  warnings: string[];
}

/** What an announcement would look like and whom it would reach, before anything is sent. */
export async function previewAnnouncement(deps: CampaignDeps, draft: Pick<Announcement, 'texts' | 'topics'>): Promise<Preview> {
  const { store, channels, i18n, clock } = deps;
  const langs = writtenLangs(draft.texts);
  const texts = langs.flatMap((lang) => {
    const c = announcementContent(i18n, draft, lang);
    return c?.type === 'text' ? [{ lang, text: c.text }] : [];
  });
  const channelPreviews: ChannelPreview[] = [];
  for (const id of ['telegram', 'whatsapp', 'webchat', 'botframework'] as const) {
    const channel = channels.get(id);
    if (!channel) continue;
    for (const { lang, text } of texts) {
      const rendered = render({ type: 'text', text }, channel.capabilities).text;
      channelPreviews.push({ channel: id, style: channel.capabilities.markdown, lang, text: rendered, messages: splitText(rendered, channel.capabilities.maxText).length });
    }
  }

  const now = clock().getTime();
  const byChannel: Partial<Record<ChannelId, number>> = {};
  const byLang = new Map<Lang, number>();
  let unreachable = 0;
  let whatsappTotal = 0;
  let outside = 0;
  const subscribers = draft.topics.length > 0 ? await store.subscriptions.byTopics(draft.topics) : [];
  for (const s of subscribers) {
    const conversation = await store.conversations.get(`${s.channel}:${s.address.thread}`);
    byChannel[s.channel] = (byChannel[s.channel] ?? 0) + 1;
    const lang = conversation?.lang ?? s.lang;
    byLang.set(lang, (byLang.get(lang) ?? 0) + 1);
    if (conversation?.unreachable) unreachable++;
    if (s.channel === 'whatsapp') {
      whatsappTotal++;
      const last = conversation?.lastUserAt ? Date.parse(conversation.lastUserAt) : NaN;
      if (!(now - last < WINDOW_MS)) outside++;
    }
  }
  const audienceLangs = LANGS.filter((l) => byLang.has(l)).map((lang) => ({ lang, count: byLang.get(lang) ?? 0, gets: pickLang(draft.texts, lang) }));

  const warnings: string[] = [];
  const name = (l: Lang) => i18n.t('en', `languageName.${l}`);
  if (langs.length === 0) warnings.push('Write the announcement in at least one language.');
  if (draft.topics.length === 0) warnings.push('Choose at least one topic: the announcement goes to their subscribers.');
  else if (subscribers.length === 0) warnings.push('Nobody has subscribed to these topics yet.');
  for (const a of audienceLangs) {
    if (a.gets && a.gets !== a.lang) warnings.push(`${a.count} subscriber(s) read ${name(a.lang)}, which is not written: they get the ${name(a.gets)} text.`);
  }
  for (const p of channelPreviews) {
    if (p.messages > 1) warnings.push(`The ${name(p.lang)} text is longer than one ${p.channel} message: it arrives as ${p.messages} messages.`);
  }
  if (unreachable > 0) warnings.push(`${unreachable} subscriber(s) cannot be reached (they blocked the bot): they are skipped.`);
  const whatsapp = deps.whatsappWindow && channels.get('whatsapp') ? { subscribers: whatsappTotal, outsideWindow: outside, template: deps.whatsappTemplate?.name ?? null } : null;
  if (whatsapp && outside > 0) {
    warnings.push(
      whatsapp.template
        ? `WhatsApp allows free-form messages only within 24 hours of the user's last message: ${outside} of ${whatsappTotal} WhatsApp subscriber(s) wrote longer ago and get the approved template "${whatsapp.template}" instead of this text.`
        : `WhatsApp allows free-form messages only within 24 hours of the user's last message: ${outside} of ${whatsappTotal} WhatsApp subscriber(s) wrote longer ago, and no template is configured (WHATSAPP_TEMPLATE_NAME), so they will not get it.`,
    );
  }
  return {
    texts,
    channels: channelPreviews,
    audience: { total: subscribers.length, byChannel, byLang: audienceLangs, unreachable },
    whatsapp,
    warnings,
  };
}

/** Topics with their names in every language and how many subscribe to each. */
export async function topicList(deps: CampaignDeps): Promise<{ id: string; labels: Record<Lang, string>; subscribers: number }[]> {
  const counts = await deps.store.subscriptions.counts();
  return deps.settings.topics.map((id) => ({
    id,
    labels: Object.fromEntries(LANGS.map((l) => [l, topicLabel(deps.i18n, l, id)])) as Record<Lang, string>,
    subscribers: counts[id] ?? 0,
  }));
}
