import { resolve } from 'node:path';
import { isLang, type Lang } from './core/language.js';
import { handoffConfig, type HandoffConfig } from './handoff/settings.js';
import { privacyConfig, type PrivacyConfig } from './privacy/settings.js';
import { insightsConfig, type InsightsConfig } from './insights/settings.js';
import { campaignConfig, type CampaignConfig } from './campaigns/settings.js';

/**
 * The only place that reads process.env. Every setting is validated at start: a bad value stops
 * the service with a message naming the setting and what it allows. `.env.example` lists them all.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir: string;
  redisUrl: string | null;
  /** Prefix of every Redis key, so that deployments (or test runs) can share a server. */
  redisPrefix: string;
  kbDir: string;
  localesDir: string;
  defaultLang: Lang;
  /** Longer messages are cut (with a note) before matching. */
  maxMessageLength: number;
  /** HTTP body limit in bytes. */
  bodyLimit: number;
  dedupeTtlSeconds: number;
  shutdownTimeoutMs: number;
  publicUrl: string | null;
  /** Business hours, teams and staff logins (src/handoff/settings.ts). */
  handoff: HandoffConfig;
  /** Retention and the privacy notice (src/privacy/settings.ts). */
  privacy: PrivacyConfig;
  /** Editors' tools, the review of missed questions, the dashboard and /metrics (src/insights/settings.ts). */
  insights: InsightsConfig;
  /** Information campaigns: topics, sending rates, retries (src/campaigns/settings.ts). */
  campaigns: CampaignConfig;
  /** Bot Framework (Teams, Direct Line, other Azure Bot Service channels) at POST /api/messages; null when off. */
  botframework: BotframeworkConfig | null;
  /** Telegram; null (channel off) when TELEGRAM_BOT_TOKEN is not set. */
  telegram: TelegramConfig | null;
  whatsapp: WhatsappConfig;
  /** Bearer token for the admin pages until staff sign-in exists; null hides them (404). */
  adminToken: string | null;
  /** The web chat page, widget and socket (adapters/webchat). */
  webchat: WebchatSettings;
}

/** WhatsApp: off, whatsapp-web.js driving the Centre's phone (`web`), or the Cloud API (`cloud`). */
export interface WhatsappConfig {
  mode: 'off' | 'web' | 'cloud';
  chromiumPath: string;
  /** Digits of the Centre's number: pair by an 8-character code instead of scanning a QR code. */
  pairingPhone: string | null;
  verifyToken: string | null;
  appSecret: string | null;
  token: string | null;
  phoneNumberId: string | null;
  graphUrl: string;
  templateName: string | null;
  templateLang: string;
}

/** Telegram: long polling for a small deployment without a public address, or a webhook at PUBLIC_URL. */
export interface TelegramConfig {
  token: string;
  mode: 'polling' | 'webhook';
  /** Sent by Telegram with every webhook update; required in webhook mode. */
  webhookSecret: string | null;
  apiRoot: string;
  /** Messages a second this instance sends at most, across all chats (Telegram's limit is about 30). */
  ratePerSecond: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, def: number, min: number, max: number, what = `a whole number from ${min} to ${max}`): number => {
    const raw = read(name);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be ${what}`);
      return def;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, def: T, allowed: readonly T[]): T => {
    const raw = read(name);
    if (raw === undefined) return def;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be one of ${allowed.join(', ')}`);
      return def;
    }
    return raw as T;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = read(name);
    if (raw === undefined) return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${name}=${JSON.stringify(redact(raw))}: must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return null;
    }
  };

  const nodeEnv = oneOf('NODE_ENV', 'development', ['development', 'production', 'test'] as const);
  const defaultLangRaw = read('DEFAULT_LANG') ?? 'en';
  if (!isLang(defaultLangRaw)) problems.push(`DEFAULT_LANG=${JSON.stringify(defaultLangRaw)}: must be one of cs, en, uk, ru, vi`);

  const telegramToken = read('TELEGRAM_BOT_TOKEN');
  let telegram: TelegramConfig | null = null;
  if (telegramToken !== undefined) {
    // Never echo the token itself: the message may end up in a deployment log.
    if (!/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/.test(telegramToken)) problems.push('TELEGRAM_BOT_TOKEN: must be the token from @BotFather (digits, a colon, then letters, digits, _ and -)');
    const mode = oneOf('TELEGRAM_MODE', 'polling', ['polling', 'webhook'] as const);
    const webhookSecret = read('TELEGRAM_WEBHOOK_SECRET') ?? null;
    if (webhookSecret !== null && !/^[A-Za-z0-9_-]{16,256}$/.test(webhookSecret)) problems.push('TELEGRAM_WEBHOOK_SECRET: must be 16 to 256 characters A-Z, a-z, 0-9, _ and -');
    if (mode === 'webhook' && webhookSecret === null) problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook');
    if (mode === 'webhook' && read('PUBLIC_URL') === undefined) problems.push('PUBLIC_URL: required when TELEGRAM_MODE=webhook (the webhook is registered at PUBLIC_URL/webhooks/telegram)');
    telegram = {
      token: telegramToken,
      mode,
      webhookSecret,
      apiRoot: url('TELEGRAM_API_ROOT', ['https:', 'http:']) ?? 'https://api.telegram.org',
      ratePerSecond: int('TELEGRAM_RATE_PER_SECOND', 30, 1, 1000),
    };
  }

  const config: Config = {
    env: nodeEnv,
    port: int('PORT', 3000, 1, 65535, 'a port number from 1 to 65535'),
    host: read('HOST') ?? '127.0.0.1',
    logLevel: oneOf('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    dataDir: resolve(read('DATA_DIR') ?? './data'),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: read('REDIS_PREFIX') ?? 'cz:',
    kbDir: resolve(read('KB_DIR') ?? './knowledge-base'),
    localesDir: resolve(read('LOCALES_DIR') ?? './locales'),
    defaultLang: isLang(defaultLangRaw) ? defaultLangRaw : 'en',
    maxMessageLength: int('MAX_MESSAGE_LENGTH', 2000, 50, 20000),
    bodyLimit: int('BODY_LIMIT', 65536, 1024, 10 * 1024 * 1024),
    dedupeTtlSeconds: int('DEDUPE_TTL_SECONDS', 86400, 60, 30 * 86400),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10000, 100, 120000),
    publicUrl: url('PUBLIC_URL', ['https:', 'http:']),
    handoff: handoffConfig(read, problems, nodeEnv),
    privacy: privacyConfig(read, problems, nodeEnv),
    insights: insightsConfig(read, problems),
    campaigns: campaignConfig(read, problems),
    botframework: botframeworkConfig(read, problems, nodeEnv),
    telegram,
    whatsapp: {
      mode: oneOf('WHATSAPP_MODE', 'off', ['off', 'web', 'cloud'] as const),
      chromiumPath: read('WHATSAPP_CHROMIUM_PATH') ?? '/usr/bin/chromium',
      pairingPhone: read('WHATSAPP_PAIRING_PHONE')?.replace(/[\s+()-]/g, '') ?? null,
      verifyToken: read('WHATSAPP_VERIFY_TOKEN') ?? null,
      appSecret: read('WHATSAPP_APP_SECRET') ?? null,
      token: read('WHATSAPP_TOKEN') ?? null,
      phoneNumberId: read('WHATSAPP_PHONE_NUMBER_ID') ?? null,
      graphUrl: url('WHATSAPP_GRAPH_URL', ['https:', 'http:']) ?? 'https://graph.facebook.com/v21.0',
      templateName: read('WHATSAPP_TEMPLATE_NAME') ?? null,
      templateLang: read('WHATSAPP_TEMPLATE_LANG') ?? 'cs',
    },
    adminToken: read('ADMIN_TOKEN') ?? null,
    webchat: webchatSettings(read, int, problems),
  };
  if (config.whatsapp.mode === 'cloud') {
    for (const name of ['WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID']) {
      if (!read(name)) problems.push(`${name}: required when WHATSAPP_MODE=cloud`);
    }
  }
  const pairing = config.whatsapp.pairingPhone;
  if (pairing !== null && !/^\d{7,15}$/.test(pairing)) problems.push('WHATSAPP_PAIRING_PHONE: must be the phone number in international format, digits only (e.g. 420541123456)');
  if (config.adminToken !== null && config.adminToken.length < 16) problems.push('ADMIN_TOKEN: must be at least 16 characters');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const BOTFRAMEWORK_APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

/** The Azure Bot's identity; appId null is the Emulator mode (no authentication). */
export interface BotframeworkConfig {
  appId: string | null;
  appPassword: string | null;
  appType: (typeof BOTFRAMEWORK_APP_TYPES)[number];
  tenantId: string | null;
}

/**
 * On when MICROSOFT_APP_ID is set, or when BOTFRAMEWORK_ENABLED=true without it (the Emulator
 * on a laptop). Without credentials in production the service refuses to start unless
 * BOTFRAMEWORK_ALLOW_UNAUTHENTICATED=true says that is meant.
 */
function botframeworkConfig(read: (name: string) => string | undefined, problems: string[], env: Config['env']): BotframeworkConfig | null {
  const flag = (name: string): boolean | null => {
    const raw = read(name);
    if (raw === undefined) return null;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    problems.push(`${name}=${JSON.stringify(raw)}: must be true or false`);
    return null;
  };
  const enabled = flag('BOTFRAMEWORK_ENABLED');
  const allowUnauthenticated = flag('BOTFRAMEWORK_ALLOW_UNAUTHENTICATED') ?? false;
  const appId = read('MICROSOFT_APP_ID') ?? null;
  const appPassword = read('MICROSOFT_APP_PASSWORD') ?? null;
  const tenantId = read('MICROSOFT_APP_TENANT_ID') ?? null;
  const typeRaw = read('MICROSOFT_APP_TYPE') ?? 'MultiTenant';
  const appType = BOTFRAMEWORK_APP_TYPES.find((t) => t.toLowerCase() === typeRaw.toLowerCase());
  if (!appType) problems.push(`MICROSOFT_APP_TYPE=${JSON.stringify(typeRaw)}: must be one of ${BOTFRAMEWORK_APP_TYPES.join(', ')}`);
  if (enabled === false || (enabled === null && appId === null)) return null;
  const type = appType ?? 'MultiTenant';
  if (appId === null) {
    if (appPassword !== null) problems.push('MICROSOFT_APP_PASSWORD: set without MICROSOFT_APP_ID');
    if (env === 'production' && !allowUnauthenticated) {
      problems.push('MICROSOFT_APP_ID: required when BOTFRAMEWORK_ENABLED=true in production (without it anyone can post to /api/messages); set BOTFRAMEWORK_ALLOW_UNAUTHENTICATED=true only if that is meant');
    }
  } else {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) problems.push('MICROSOFT_APP_ID: must be the Azure Bot\'s application (client) id, a GUID');
    if (type === 'UserAssignedMSI' && appPassword !== null) problems.push('MICROSOFT_APP_PASSWORD: must not be set when MICROSOFT_APP_TYPE=UserAssignedMSI');
    if (type !== 'UserAssignedMSI' && appPassword === null) problems.push(`MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_ID is set (MICROSOFT_APP_TYPE=${type})`);
    if (type !== 'MultiTenant' && tenantId === null) problems.push(`MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE=${type}`);
  }
  if (tenantId !== null && !/^[A-Za-z0-9.-]{1,100}$/.test(tenantId)) problems.push('MICROSOFT_APP_TENANT_ID: must be the directory (tenant) id, a GUID or a domain name');
  return { appId, appPassword, appType: type, tenantId };
}

/** The web chat: who may embed it, how fast a visitor may write, where its browser bundles are. */
export interface WebchatSettings {
  /** Sites allowed to frame the chat (the widget); '*' for any, [] for this service's own pages only. */
  allowedOrigins: string[] | '*';
  /** Messages one visitor may send a minute (0: no limit). */
  ratePerMinute: number;
  /** Web chat requests and socket messages one IP address may make a minute (0: no limit). */
  ipRatePerMinute: number;
  /** Where `npm run build:web` puts the browser bundles. */
  assetsDir: string;
}

function webchatSettings(
  read: (name: string) => string | undefined,
  int: (name: string, def: number, min: number, max: number) => number,
  problems: string[],
): WebchatSettings {
  const raw = read('WEBCHAT_ALLOWED_ORIGINS');
  let allowedOrigins: string[] | '*' = [];
  if (raw === '*') allowedOrigins = '*';
  else if (raw !== undefined) {
    for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const origin = URL.canParse(item) ? new URL(item).origin : 'null';
      if (origin === item.replace(/\/$/, '') && /^https?:/.test(origin)) allowedOrigins.push(origin);
      else problems.push(`WEBCHAT_ALLOWED_ORIGINS: ${JSON.stringify(item)} is not an origin like https://www.example.org (scheme and host, no path); * allows any site`);
    }
  }
  return {
    allowedOrigins,
    ratePerMinute: int('WEBCHAT_RATE_LIMIT', 30, 0, 100_000),
    ipRatePerMinute: int('WEBCHAT_IP_RATE_LIMIT', 600, 0, 1_000_000),
    assetsDir: resolve(read('WEBCHAT_ASSETS_DIR') ?? './dist/web'),
  };
}

/** Hides a password in a URL before it is printed. */
export function redact(raw: string): string {
  return raw.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
}
