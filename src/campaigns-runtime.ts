import { bullmqRunner } from '../adapters/campaigns-bullmq/bullmq-runner.js';
import type { Config } from './config.js';
import type { Log, Store } from './core/ports.js';
import { Campaigns } from './campaigns/campaign-service.js';
import type { CampaignDeps, CampaignRunner, WhatsappTemplate } from './campaigns/deps.js';
import { embeddedRunner } from './campaigns/embedded-runner.js';
import { Engine } from './campaigns/engine.js';
import type { ChannelRegistry } from './conversation/channel-registry.js';
import type { Translator } from './i18n.js';
import type { Address, SendResult } from './core/message.js';

export interface CampaignWiring {
  config: Config;
  store: Store;
  channels: ChannelRegistry;
  i18n: Translator;
  log: Log;
  clock: () => Date;
  newId: () => string;
  /** runtime.whatsapp: its sendTemplate, for users outside the Cloud API's 24-hour window. */
  whatsapp: { mode: 'web' | 'cloud'; sendTemplate(to: Address, opts?: { parameters?: string[] }): Promise<SendResult> } | null;
}

/**
 * Part of the composition root: the campaign service with the runner the store calls for, BullMQ
 * over Redis (any instance takes any part of a campaign) or in-process over the embedded store.
 * Call it after every channel is registered: workers run for the channels this instance has.
 */
export async function openCampaigns(w: CampaignWiring): Promise<Campaigns> {
  const { config, whatsapp } = w;
  const cloud = config.whatsapp.mode === 'cloud' && whatsapp?.mode === 'cloud';
  const templateName = config.whatsapp.templateName;
  const whatsappTemplate: WhatsappTemplate | null =
    cloud && whatsapp && templateName ? { name: templateName, send: (to, parameters) => whatsapp.sendTemplate(to, parameters.length > 0 ? { parameters } : {}) } : null;
  const deps: CampaignDeps = {
    store: w.store,
    channels: w.channels,
    i18n: w.i18n,
    log: w.log,
    clock: w.clock,
    newId: w.newId,
    settings: config.campaigns,
    whatsappWindow: cloud,
    whatsappTemplate,
  };
  const engine = new Engine(deps);
  const channelIds = () => w.channels.list().map((c) => c.id);
  if (config.redisUrl) {
    const runner: CampaignRunner = await bullmqRunner({ redisUrl: config.redisUrl, prefix: config.redisPrefix, engine, settings: config.campaigns, log: w.log, channels: channelIds() });
    engine.attach(runner);
    await engine.resume();
    return new Campaigns(deps, engine, runner);
  }
  const embedded = embeddedRunner({ store: w.store, engine, settings: config.campaigns, log: w.log, clock: w.clock, channels: channelIds });
  engine.attach(embedded);
  await embedded.start();
  return new Campaigns(deps, engine, embedded);
}
