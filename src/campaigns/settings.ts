import type { ChannelId } from '../core/message.js';

/**
 * Settings of information campaigns, parsed and validated here and called from src/config.ts
 * (which alone reads the environment).
 */
export interface CampaignConfig {
  /** Topic ids users may subscribe to; their names are `topics.<id>` in locales/<lng>/campaigns.json. */
  topics: string[];
  /** Announcement messages a second per channel, across all instances (leaves room for the bot's replies). */
  ratePerSecond: Record<ChannelId, number>;
  /** Sends to one channel at the same time, per instance. */
  concurrency: number;
  /** Tries per recipient before the delivery counts as failed. */
  maxAttempts: number;
  /** First retry after this; doubled each time (capped at ten minutes). */
  retryBaseMs: number;
  /** How often the embedded store is checked for scheduled announcements and due retries. */
  pollMs: number;
  /** WhatsApp Cloud API outside the 24-hour window: send the announcement's text as the template's {{1}} ("text"), or no parameters ("none"). */
  whatsappTemplateParam: 'none' | 'text';
}

type Read = (name: string) => string | undefined;

export const DEFAULT_TOPICS = ['centre', 'czech', 'events', 'residence'];

export function campaignConfig(read: Read, problems: string[]): CampaignConfig {
  const num = (name: string, def: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
      return def;
    }
    return n;
  };
  const rawTopics = read('CAMPAIGN_TOPICS');
  const topics = rawTopics === undefined ? DEFAULT_TOPICS : rawTopics.split(',').map((t) => t.trim()).filter(Boolean);
  const bad = topics.filter((t) => !/^[a-z][a-z0-9-]{0,31}$/.test(t));
  if (bad.length > 0 || topics.length === 0 || topics.length > 20) {
    problems.push(`CAMPAIGN_TOPICS=${JSON.stringify(rawTopics ?? '')}: must be 1 to 20 comma-separated ids of lowercase letters, digits and - (e.g. centre,czech,events,residence)`);
  }
  const param = read('CAMPAIGN_WHATSAPP_TEMPLATE_PARAM') ?? 'none';
  if (param !== 'none' && param !== 'text') problems.push(`CAMPAIGN_WHATSAPP_TEMPLATE_PARAM=${JSON.stringify(param)}: must be none or text`);
  return {
    topics: bad.length > 0 || topics.length === 0 ? DEFAULT_TOPICS : [...new Set(topics)],
    ratePerSecond: {
      telegram: num('CAMPAIGN_RATE_TELEGRAM', 25, 1, 1000),
      whatsapp: num('CAMPAIGN_RATE_WHATSAPP', 20, 1, 1000),
      webchat: num('CAMPAIGN_RATE_WEBCHAT', 100, 1, 10_000),
      botframework: num('CAMPAIGN_RATE_BOTFRAMEWORK', 10, 1, 1000),
    },
    concurrency: num('CAMPAIGN_CONCURRENCY', 4, 1, 100),
    maxAttempts: num('CAMPAIGN_MAX_ATTEMPTS', 5, 1, 20),
    retryBaseMs: num('CAMPAIGN_RETRY_BASE_MS', 2000, 10, 600_000),
    pollMs: num('CAMPAIGN_POLL_MS', 1000, 10, 60_000),
    whatsappTemplateParam: param === 'text' ? 'text' : 'none',
  };
}
