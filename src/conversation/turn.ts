import type { Conversation, TranscriptMessage } from '../core/conversation.js';
import type { Decision } from '../core/knowledge.js';
import type { Lang } from '../core/language.js';
import type { Address, Content, InboundMessage, SendOptions, SendResult } from '../core/message.js';
import type { Bus, Log, Store } from '../core/ports.js';
import type { UserDataEraser } from '../core/user-data.js';
import type { JournalHooks } from './journal.js';
import type { KnowledgeService } from '../knowledge/knowledge-service.js';
import type { Translator } from '../i18n.js';

export interface Reply {
  content: Content;
  /** Why the bot said it, kept with the transcript for staff and editors. */
  action?: string | null;
  entry?: string | null;
  score?: number | null;
}

/** One inbound message on its way through the pipeline. */
export interface Turn {
  readonly inbound: InboundMessage;
  readonly now: Date;
  /** Cleaned text; '' for a button press. */
  text: string;
  /** Button value, or a typed option number turned into one. */
  postback: string | null;
  truncated: boolean;
  conversation: Conversation;
  lang: Lang;
  replies: Reply[];
  decision: Decision | null;
  /** Set by "forget me": nothing of this turn may be written back. */
  forgotten: boolean;
  /** Why the turn stopped early, for the debug log. */
  dropped: string | null;
}

export interface Outbox {
  send(to: Address, content: Content, lang: Lang, opts?: SendOptions): Promise<SendResult>;
}

/** Who takes a handed-over conversation and when (src/handoff implements it). */
export interface HandoffPolicy {
  /** "Someone should reply today" or "the Centre is closed; someone will reply from Monday 8:00". */
  whenText(lang: Lang, now: Date): string;
  /** The team for the conversation's topic, and whether nobody there speaks the user's language. */
  route(c: Conversation): Promise<{ team: string; interpreter: boolean }>;
}

/** Counters the pipeline reports to, when the service keeps metrics (src/insights/prometheus.ts); the pipeline knows no metrics library. */
export interface PipelineMetrics {
  turn(channel: Address['channel'], action: string): void;
  matchSeconds(seconds: number): void;
}

export interface PipelineDeps {
  store: Store;
  bus: Bus;
  knowledge: KnowledgeService;
  i18n: Translator;
  outbox: Outbox;
  log: Log;
  handoff: HandoffPolicy;
  clock: () => Date;
  newId: () => string;
  settings: {
    maxMessageLength: number;
    dedupeTtlSeconds: number;
    defaultLang: Lang;
    /** The notice at first contact: how long conversations are kept, and the full policy's address. */
    privacy?: { retentionDays: number; policyUrl: string | null; notice: boolean };
    /** Topics users may subscribe to (/subscribe); CAMPAIGN_TOPICS. */
    campaignTopics?: readonly string[];
  };
  /** Erases a user's data everywhere ("forget me"), audited; without it only conversations are deleted. */
  userData?: UserDataEraser;
  /** Inbound messages received but not yet answered, and who this instance is (src/conversation/journal.ts). */
  journal?: JournalHooks;
  metrics?: PipelineMetrics;
}

export type TranscriptDraft = Omit<TranscriptMessage, 'conversationId' | 'channel'>;
