import type { Lang } from '../core/language.js';
import type { Address, Channel, ChannelId, Content, SendOptions, SendResult } from '../core/message.js';
import type { Log, Store } from '../core/ports.js';
import type { Translator } from '../i18n.js';
import type { CampaignConfig } from './settings.js';

/** The channels this instance runs (the ChannelRegistry satisfies it). */
export interface CampaignChannels {
  get(id: ChannelId): Channel | undefined;
  send(to: Address, content: Content, lang: Lang, opts?: SendOptions): Promise<SendResult>;
}

/**
 * The WhatsApp Cloud API's approved template, for users whose 24-hour window has closed; null
 * when WhatsApp is off, runs whatsapp-web.js (no window), or no template is configured.
 */
export interface WhatsappTemplate {
  name: string;
  send(to: Address, parameters: string[]): Promise<SendResult>;
}

export interface CampaignDeps {
  store: Store;
  channels: CampaignChannels;
  i18n: Translator;
  log: Log;
  clock: () => Date;
  newId: () => string;
  settings: CampaignConfig;
  /** WhatsApp runs on the Cloud API, where free-form messages need a message from the user in the last 24 hours. */
  whatsappWindow: boolean;
  whatsappTemplate: WhatsappTemplate | null;
}

/**
 * Runs the sending job: in-process over the embedded store, or BullMQ queues over Redis. Both
 * call the engine (src/campaigns/engine.ts) for the work itself.
 */
export interface CampaignRunner {
  readonly kind: 'embedded' | 'bullmq';
  /** Starts the announcement at `at` (recipients are taken then); again for a new time. */
  schedule(id: string, at: Date): Promise<void>;
  /** Forgets a scheduled start (the announcement was cancelled or put back to draft). */
  unschedule(id: string): Promise<void>;
  /** Hands pending deliveries to the channels' queues. */
  enqueue(id: string, deliveries: { key: string; channel: ChannelId }[]): Promise<void>;
  /** Stops taking work and waits for sends in flight, so that a restart repeats none. */
  close(): Promise<void>;
}

/** What the runners call. */
export interface CampaignEngine {
  begin(id: string): Promise<void>;
  deliver(id: string, key: string): Promise<DeliverResult>;
}

export type DeliverResult =
  | { result: 'sent' | 'template' | 'failed' | 'dropped' | 'unconfirmed' | 'cancelled' | 'skipped' }
  | { result: 'retry'; error: string; delayMs: number };
