import type { Log, Store, Bus } from '../../src/core/ports.js';
import type { Pipeline } from '../../src/conversation/pipeline.js';
import type { PipelineDeps } from '../../src/conversation/turn.js';
import type { Translator } from '../../src/i18n.js';
import type { KnowledgeService } from '../../src/knowledge/knowledge-service.js';
import type { Lang } from '../../src/core/language.js';
import type { WebchatSettings } from '../../src/config.js';
import { RateLimiter } from './rate-limiter.js';

/** What the web chat needs of the running service; the Runtime has all of it. */
export interface WebchatContext {
  config: { webchat: WebchatSettings; maxMessageLength: number; defaultLang: Lang; publicUrl: string | null };
  store: Store;
  bus: Bus;
  pipeline: Pipeline;
  knowledge: KnowledgeService;
  i18n: Translator;
  deps: PipelineDeps;
  log: Log;
}

export interface WebchatGuards {
  visitor: RateLimiter;
  ip: RateLimiter;
}

const guards = new WeakMap<WebchatContext, WebchatGuards>();

/** One pair of limiters per service, shared by the HTTP routes and the socket. */
export function webchatGuards(ctx: WebchatContext): WebchatGuards {
  let g = guards.get(ctx);
  if (!g) {
    g = { visitor: new RateLimiter(ctx.config.webchat.ratePerMinute), ip: new RateLimiter(ctx.config.webchat.ipRatePerMinute) };
    guards.set(ctx, g);
  }
  return g;
}
