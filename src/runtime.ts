import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { memoryBus } from '../adapters/store-sqlite/memory-bus.js';
import { openSqliteStore } from '../adapters/store-sqlite/sqlite-store.js';
import { redisBus } from '../adapters/store-redis/redis-bus.js';
import { connectRedis, redisStore } from '../adapters/store-redis/redis-store.js';
import { webchatChannel } from '../adapters/webchat/webchat-channel.js';
import { createBotframework, type BotframeworkEndpoint, type BotframeworkOptions } from '../adapters/botframework/botframework-channel.js';
import { startTelegram, type TelegramDeps, type TelegramService } from '../adapters/telegram/telegram-service.js';
import { startWhatsapp, type WhatsappOverrides, type WhatsappService } from '../adapters/whatsapp/index.js';
import type { Config } from './config.js';
import type { Bus, Log, Store } from './core/ports.js';
import { ChannelRegistry } from './conversation/channel-registry.js';
import { createPipeline, type Pipeline } from './conversation/pipeline.js';
import type { HandoffPolicy, PipelineDeps } from './conversation/turn.js';
import { createHandoffPolicy } from './handoff/policy.js';
import { Inbox } from './handoff/inbox.js';
import { StaffAccounts } from './handoff/staff-accounts.js';
import { createTranslator, type Translator } from './i18n.js';
import { KnowledgeService } from './knowledge/knowledge-service.js';

/** Everything a running service holds; built once from the config (the composition root). */
export interface Runtime {
  config: Config;
  store: Store;
  bus: Bus;
  knowledge: KnowledgeService;
  i18n: Translator;
  channels: ChannelRegistry;
  pipeline: Pipeline;
  deps: PipelineDeps;
  /** Staff logins and the inbox's use cases (shared by the HTTP routes and the CLI). */
  staff: { accounts: StaffAccounts; inbox: Inbox };
  log: Log;
  /** The Bot Framework entry (POST /api/messages); null when the channel is off. */
  botframework: BotframeworkEndpoint | null;
  /** Telegram (polling, or POST /webhooks/telegram); null when TELEGRAM_BOT_TOKEN is not set. */
  telegram: TelegramService | null;
  /** WhatsApp (whatsapp-web.js or the Cloud API); null when WHATSAPP_MODE=off. */
  whatsapp: WhatsappService | null;
  /** Registers cleanup (a channel's polling loop, a client) run by close(), last registered first. */
  onClose(fn: () => Promise<void>): void;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  clock?: () => Date;
  handoff?: HandoffPolicy;
  botframework?: BotframeworkOptions;
  telegram?: Pick<TelegramDeps, 'sender' | 'polling'>;
  whatsapp?: WhatsappOverrides;
}

/** The store and bus the settings ask for: Redis with REDIS_URL, else the embedded SQLite file. */
export async function openStore(config: Config): Promise<{ store: Store; bus: Bus }> {
  if (config.redisUrl) {
    const client = await connectRedis(config.redisUrl);
    return { store: redisStore(client, { prefix: config.redisPrefix }), bus: await redisBus(client, config.redisPrefix) };
  }
  return { store: openSqliteStore(join(config.dataDir, 'assistant.sqlite')), bus: memoryBus() };
}

export async function createRuntime(config: Config, log: Log, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const knowledge = await KnowledgeService.load(config.kbDir);
  for (const p of knowledge.problems) log.warn({ file: p.file, problem: p.problem }, 'knowledge-base file left out');
  const i18n = createTranslator(config.localesDir);
  const { store, bus } = await openStore(config);
  const clock = overrides.clock ?? (() => new Date());
  const channels = new ChannelRegistry();
  channels.register(webchatChannel(bus, clock));
  const deps: PipelineDeps = {
    store,
    bus,
    knowledge,
    i18n,
    outbox: channels,
    log,
    handoff: overrides.handoff ?? createHandoffPolicy(config.handoff, store, i18n),
    clock,
    newId: randomUUID,
    settings: { maxMessageLength: config.maxMessageLength, dedupeTtlSeconds: config.dedupeTtlSeconds, defaultLang: config.defaultLang },
  };
  const pipeline = createPipeline(deps);
  const staff = { accounts: new StaffAccounts(store, config.handoff, clock), inbox: new Inbox({ store, bus, outbox: channels, i18n, log, clock }) };
  const botframework = config.botframework
    ? createBotframework(config.botframework, { pipeline, store, i18n, log, defaultLang: config.defaultLang }, overrides.botframework)
    : null;
  if (botframework) channels.register(botframework.channel);
  const telegram = config.telegram
    ? startTelegram({ settings: config.telegram, publicUrl: config.publicUrl, pipeline, i18n, defaultLang: config.defaultLang, log, ...overrides.telegram })
    : null;
  if (telegram) channels.register(telegram.channel);
  const cleanups: (() => Promise<void>)[] = [];
  if (telegram) cleanups.push(() => telegram.close());
  const whatsapp = await startWhatsapp({ config, pipeline, store, i18n, log, clock, newId: randomUUID }, overrides.whatsapp);
  if (whatsapp) {
    channels.register(whatsapp.channel);
    cleanups.push(() => whatsapp.close());
  }
  return {
    config,
    store,
    bus,
    knowledge,
    i18n,
    channels,
    pipeline,
    deps,
    staff,
    log,
    botframework,
    telegram,
    whatsapp,
    onClose(fn) {
      cleanups.push(fn);
    },
    async close() {
      for (const fn of cleanups.reverse()) await fn().catch((e: unknown) => log.warn({ err: e instanceof Error ? e.message : String(e) }, 'cleanup failed'));
      await bus.close().catch(() => undefined);
      await store.close();
    },
  };
}
