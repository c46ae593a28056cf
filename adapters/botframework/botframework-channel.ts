import { AsyncLocalStorage } from 'node:async_hooks';
import { CloudAdapter, isConversationReference, type ConversationReference, type Request as BotRequest, type Response as BotResponse, type TurnContext } from 'botbuilder';
import type { BotframeworkConfig } from '../../src/config.js';
import { DeliveryError } from '../../src/core/errors.js';
import { langFromTag, type Lang } from '../../src/core/language.js';
import { conversationKey, type Address, type Channel, type Content, type SendResult } from '../../src/core/message.js';
import type { Log, Store } from '../../src/core/ports.js';
import type { Pipeline } from '../../src/conversation/pipeline.js';
import type { Translator } from '../../src/i18n.js';
import { createAuthentication, type AuthEndpoints } from './authentication.js';
import { convert } from './inbound.js';
import { BOTFRAMEWORK_CAPABILITIES, toActivities } from './outbound.js';

export interface BotframeworkDeps {
  pipeline: Pipeline;
  store: Store;
  i18n: Translator;
  log: Log;
  defaultLang: Lang;
}

export interface BotframeworkOptions {
  /** Tests only: validate channel tokens against a local OpenID server. */
  authEndpoints?: AuthEndpoints;
}

/** The Bot Framework as the service sees it: a Channel for replies and one entry for activities. */
export interface BotframeworkEndpoint {
  readonly channel: Channel;
  /** False in Emulator mode (no MICROSOFT_APP_ID): every activity is accepted. */
  readonly authenticated: boolean;
  /** One POST /api/messages: botbuilder authenticates it, runs the turn and writes the answer. */
  process(req: BotRequest, res: BotResponse): Promise<void>;
}

const CHANNEL = 'botframework';

/**
 * Teams, Direct Line, Web Chat and the other Azure Bot Service channels through botbuilder's
 * CloudAdapter. The pipeline's replies for the activity being handled go through that
 * activity's TurnContext (so deliveryMode "expectReplies" gets them in the HTTP answer);
 * anything sent later (staff replies, announcements) goes out proactively from the stored
 * ConversationReference.
 */
export function createBotframework(settings: BotframeworkConfig, deps: BotframeworkDeps, options: BotframeworkOptions = {}): BotframeworkEndpoint {
  const { log } = deps;
  const adapter = new CloudAdapter(createAuthentication(settings, options.authEndpoints));
  const authenticated = settings.appId !== null;
  if (!authenticated) {
    log.warn({ channel: CHANNEL }, 'Bot Framework authentication is off (no MICROSOFT_APP_ID): /api/messages accepts activities from anyone; use this only with the Bot Framework Emulator');
  }
  // The turn in progress on this async path, so that a reply to it goes through its context.
  const current = new AsyncLocalStorage<{ thread: string; context: TurnContext }>();

  async function onTurn(context: TurnContext): Promise<void> {
    const converted = convert(context.activity);
    if ('dropped' in converted) {
      log.debug({ channel: CHANNEL, reason: converted.dropped }, 'activity dropped');
      return;
    }
    const { inbound, greeting } = converted;
    const key = conversationKey(inbound.address);
    if (greeting && (await deps.store.conversations.get(key))) {
      log.debug({ channel: CHANNEL, conversation: key, reason: 'already greeted' }, 'activity dropped');
      return;
    }
    try {
      await current.run({ thread: inbound.address.thread, context }, () => deps.pipeline.handle(inbound));
    } catch (e) {
      log.error({ channel: CHANNEL, conversation: key, err: e instanceof Error ? e.message : String(e) }, 'turn failed');
      const lang = langFromTag(inbound.locale) ?? deps.defaultLang;
      const sorry: Content = { type: 'text', text: deps.i18n.t(lang, 'error.generic') };
      await context.sendActivities(toActivities(sorry, lang, context.activity.channelId)).catch(() => undefined);
    }
  }

  async function deliver(context: TurnContext, content: Content, lang: Lang): Promise<SendResult> {
    try {
      const responses = await context.sendActivities(toActivities(content, lang, context.activity.channelId));
      const id = responses.at(-1)?.id;
      return id ? { externalId: id } : {};
    } catch (e) {
      throw deliveryError(e);
    }
  }

  async function sendLater(ref: ConversationReference, content: Content, lang: Lang): Promise<SendResult> {
    let result: SendResult = {};
    let failure: unknown = null;
    try {
      await adapter.continueConversationAsync(settings.appId ?? '', ref, async (context) => {
        // Caught here: botbuilder would otherwise hand it to onTurnError and the caller would never know.
        try {
          result = await deliver(context, content, lang);
        } catch (e) {
          failure = e;
        }
      });
    } catch (e) {
      failure = deliveryError(e);
    }
    if (failure) throw failure;
    return result;
  }

  const channel: Channel = {
    id: CHANNEL,
    capabilities: BOTFRAMEWORK_CAPABILITIES,
    async send(to: Address, content: Content, lang: Lang): Promise<SendResult> {
      const turn = current.getStore();
      if (turn && turn.thread === to.thread) return deliver(turn.context, content, lang);
      const ref = usableReference(to.ref);
      if (!ref) throw new DeliveryError('no conversation reference stored for this Bot Framework user', { permanent: true, channel: CHANNEL });
      return sendLater(ref, content, lang);
    },
  };

  return {
    channel,
    authenticated,
    process: (req, res) => adapter.process(req, res, onTurn),
  };
}

function usableReference(ref: unknown): ConversationReference | null {
  if (!isConversationReference(ref)) return null;
  return /^https?:\/\//.test(ref.serviceUrl) ? ref : null;
}

/**
 * The connector's refusal in the core's terms: 403 (the bot was removed or blocked) and 404 (the
 * conversation is gone) will not get better by retrying; throttling and outages may.
 */
function deliveryError(e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  const status = statusOf(e);
  const message = e instanceof Error ? e.message.slice(0, 200) : 'Bot Framework send failed';
  return new DeliveryError(message, { permanent: status === 403 || status === 404, channel: CHANNEL, ...(status ? { status } : {}), cause: e });
}

function statusOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const v of [o.statusCode, o.status, o.response?.status]) if (typeof v === 'number') return v;
  return undefined;
}
