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
import type { Campaigns } from './campaigns/campaign-service.js';
import { openCampaigns } from './campaigns-runtime.js';
import { KbEditor } from './knowledge/kb-editor.js';
import { ServiceMetrics } from './insights/prometheus.js';
import { withLocalFallback } from '../adapters/store-redis/fallback-bus.js';
import { journalHooks } from './conversation/journal.js';
import { startRecovery } from './conversation/recovery.js';
import { startRetention, type Retention } from './privacy/retention.js';
import { UserData } from './privacy/user-data.js';
import { campaignUserData } from './campaigns/user-data.js';

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
  /** Subscriptions' announcements: the editors' use cases and the sending job (src/campaigns). */
  campaigns: Campaigns;
  /** The knowledge base as editors change it: shipped files overlaid with revisions from the store. */
  kb: KbEditor;
  /** Prometheus metrics (GET /metrics). */
  metrics: ServiceMetrics;
  /** Erasure and export of one user's data; features register their part (src/privacy/user-data.ts). */
  privacy: UserData;
  /** Deletes conversations after RETENTION_DAYS; `beforeDelete` lets aggregates be kept first. */
  retention: Retention;
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
  /** The turn journal's lease and sweep interval (ms); tests shorten them. */
  recovery?: { leaseMs?: number; intervalMs?: number };
}

/** The store and bus the settings ask for: Redis with REDIS_URL, else the embedded SQLite file. */
export async function openStore(config: Config): Promise<{ store: Store; bus: Bus }> {
  if (config.redisUrl) {
    const client = await connectRedis(config.redisUrl);
    return { store: redisStore(client, { prefix: config.redisPrefix }), bus: withLocalFallback(await redisBus(client, config.redisPrefix)) };
  }
  return { store: openSqliteStore(join(config.dataDir, 'assistant.sqlite')), bus: memoryBus() };
}

export async function createRuntime(config: Config, log: Log, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const knowledge = await KnowledgeService.load(config.kbDir);
  for (const p of knowledge.problems) log.warn({ file: p.file, problem: p.problem }, 'knowledge-base file left out');
  const i18n = createTranslator(config.localesDir);
  const { store, bus } = await openStore(config);
  const clock = overrides.clock ?? (() => new Date());
  // Editors' revisions replace their shipped files before the first message is matched.
  const kb = await KbEditor.open({ kbDir: config.kbDir, store, bus, knowledge, log, clock, reviewMaxAgeDays: config.insights.reviewMaxAgeDays }, { pollSeconds: config.insights.kbReloadSeconds });
  const metrics = new ServiceMetrics(store, { kbHead: () => kb.head });
  const channels = new ChannelRegistry();
  channels.register(webchatChannel(bus, clock));
  const instanceId = randomUUID();
  const privacy = new UserData({ store, log, clock, newId: randomUUID });
  const leaseMs = overrides.recovery?.leaseMs ?? 120_000;
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
    settings: { maxMessageLength: config.maxMessageLength, dedupeTtlSeconds: config.dedupeTtlSeconds, defaultLang: config.defaultLang, privacy: config.privacy, campaignTopics: config.campaigns.topics },
    userData: privacy,
    journal: journalHooks(store.journal, instanceId, leaseMs),
    metrics,
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
  const cleanups: (() => Promise<void>)[] = [() => kb.close()];
  if (telegram) cleanups.push(() => telegram.close());
  const whatsapp = await startWhatsapp({ config, pipeline, store, i18n, log, clock, newId: randomUUID }, overrides.whatsapp);
  if (whatsapp) {
    channels.register(whatsapp.channel);
    cleanups.push(() => whatsapp.close());
  }
  // Every channel counts what it fails to deliver (cz_channel_errors_total).
  for (const channel of channels.list()) channels.register(metrics.observe(channel));
  // Announcements to subscribers: a durable job (BullMQ over Redis, in-process over SQLite), closed before the channels.
  const campaigns = await openCampaigns({ config, store, channels, i18n, log, clock, newId: randomUUID, whatsapp });
  // "Forget me" and the right of access cover subscriptions and the announcements sent.
  privacy.register(campaignUserData(store));
  cleanups.push(() => campaigns.close());
  // Old conversations go after RETENTION_DAYS; messages a crash left unanswered are answered (a
  // SQLite file has one process, so at its start everything left in the journal is orphaned).
  const retention = startRetention({ store, log, clock, newId: randomUUID }, config.privacy.retentionDays);
  const recovery = startRecovery(deps, pipeline, store.journal, { owner: instanceId, leaseMs, intervalMs: overrides.recovery?.intervalMs ?? 15_000, takeOverAtStart: store.kind === 'sqlite' });
  cleanups.push(() => retention.stop(), () => recovery.stop());
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
    campaigns,
    kb,
    metrics,
    privacy,
    retention,
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
