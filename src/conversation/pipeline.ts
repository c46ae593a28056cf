import { newConversation, type TranscriptMessage } from '../core/conversation.js';
import { DeliveryError } from '../core/errors.js';
import { langFromTag } from '../core/language.js';
import { conversationKey, type InboundMessage } from '../core/message.js';
import { compose } from './composer.js';
import { answer } from './steps/answer.js';
import { commands } from './steps/commands.js';
import { handoffGate } from './steps/handoff-gate.js';
import { input } from './steps/input.js';
import { intake } from './steps/intake.js';
import { language } from './steps/language.js';
import { pending } from './steps/pending.js';
import { subscriptions } from './steps/subscriptions.js';
import { privacyNotice } from './steps/privacy-notice.js';
import { answerWithoutStore } from './degraded.js';
import type { PipelineDeps, Reply, Turn } from './turn.js';

export interface TurnOutcome {
  status: 'handled' | 'duplicate';
  conversationId: string;
  replies: Reply[];
  dropped: string | null;
}

export interface HandleOptions {
  /** A journaled message run again after a crash: it was deduped and journaled the first time. */
  replay?: boolean;
}

export interface Pipeline {
  handle(inbound: InboundMessage, opts?: HandleOptions): Promise<TurnOutcome>;
  /** Turns in flight, for graceful shutdown. */
  readonly inFlight: number;
}

/**
 * One pipeline for every channel: dedupe → (one turn at a time per conversation) load →
 * input → language → handoff gate → pending prompt → commands → answer/clarify/escalate →
 * save → send. Channels only convert their payloads into InboundMessage and render Content.
 */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const run = compose<Turn>([input(deps), language(deps), privacyNotice(deps), handoffGate(deps), intake(deps), pending(deps), subscriptions(deps), commands(deps), answer(deps)]);
  let inFlight = 0;

  async function turnFor(inbound: InboundMessage): Promise<TurnOutcome> {
    const key = conversationKey(inbound.address);
    return deps.store.locks.withLock(key, async () => {
      const now = deps.clock();
      const stored = await deps.store.conversations.get(key);
      const conversation = stored ?? newConversation(inbound.address, now);
      // The channel may have learned more about where to reply (a new ConversationReference).
      conversation.address = { ...conversation.address, ...inbound.address };
      const turn: Turn = {
        inbound,
        now,
        text: '',
        postback: null,
        truncated: false,
        conversation,
        lang: conversation.lang ?? langFromTag(inbound.locale) ?? deps.settings.defaultLang,
        replies: [],
        decision: null,
        forgotten: false,
        dropped: null,
      };
      await run(turn);
      if (turn.dropped) deps.log.debug({ conversation: key, reason: turn.dropped }, 'turn stopped early');
      await persistAndSend(turn, stored === null);
      return { status: 'handled', conversationId: key, replies: turn.replies, dropped: turn.dropped };
    });
  }

  async function persistAndSend(turn: Turn, isNew: boolean): Promise<void> {
    const c = turn.conversation;
    const at = turn.now.toISOString();
    const base = { conversationId: c.id, channel: c.address.channel };
    // Ids chosen now and journaled with the replies once the state is saved: after a crash, the
    // replies not yet in the transcript are the ones still to send (src/conversation/recovery.ts).
    const planned = turn.replies.map((reply) => ({ id: deps.newId(), content: reply.content, action: reply.action ?? null, entry: reply.entry ?? null, score: reply.score ?? null }));
    if (!turn.forgotten) {
      const lastChoice = turn.replies.at(-1)?.content;
      if (!c.pending && lastChoice?.type === 'choice') c.pending = { kind: 'choice', options: lastChoice.options };
      c.updatedAt = at;
      c.lastUserAt = at;
      // Writing to us proves the user can be reached again.
      c.unreachable = null;
      await deps.store.conversations.save(c);
      const userText = turn.postback !== null ? labelOf(turn) : turn.text;
      await deps.store.conversations.appendMessage({ ...base, id: deps.newId(), role: 'user', text: userText, at, lang: turn.lang });
    }
    await deps.journal?.plan(turn.inbound, { conversationId: c.id, address: c.address, lang: turn.lang, forgotten: turn.forgotten, replies: planned });
    for (const [i, reply] of turn.replies.entries()) {
      const message: TranscriptMessage = {
        ...base,
        id: planned[i]?.id ?? deps.newId(),
        role: 'bot',
        text: reply.content.type === 'postback' ? reply.content.value : reply.content.text,
        at: deps.clock().toISOString(),
        lang: turn.lang,
        action: reply.action ?? null,
        entry: reply.entry ?? null,
        score: reply.score ?? null,
      };
      try {
        await deps.outbox.send(c.address, reply.content, turn.lang);
        message.delivery = { status: 'sent' };
      } catch (e) {
        message.delivery = { status: 'failed', error: e instanceof Error ? e.message.slice(0, 300) : 'unknown error' };
        if (e instanceof DeliveryError && e.permanent && !turn.forgotten) {
          c.unreachable = { reason: message.delivery.error ?? 'refused', at };
          await deps.store.conversations.save(c);
        }
        deps.log.warn({ conversation: c.id, channel: c.address.channel, err: message.delivery.error }, 'reply not delivered');
      }
      if (!turn.forgotten) await deps.store.conversations.appendMessage(message);
    }
    if (!turn.forgotten) {
      await deps.bus.publish('conversations', { id: c.id, status: c.status, isNew }).catch(() => undefined);
    }
    // The notice at first contact says nothing about what the turn did.
    const firstAction = turn.replies.find((r) => r.action !== 'privacy-notice')?.action;
    deps.log.info(
      { conversation: c.id, channel: c.address.channel, lang: turn.lang, status: c.status, action: turn.decision?.action ?? firstAction ?? null, entry: turn.decision?.entry ?? null },
      'turn',
    );
    deps.metrics?.turn(c.address.channel, turn.decision?.action ?? firstAction ?? 'none');
  }

  function labelOf(turn: Turn): string {
    const c = turn.inbound.content;
    if (c.type === 'text') return turn.text;
    return `[${turn.postback ?? ''}]`;
  }

  async function handleWithStore(inbound: InboundMessage, opts: HandleOptions): Promise<TurnOutcome> {
    const key = conversationKey(inbound.address);
    if (!opts.replay) {
      const first = await deps.store.inbound.firstSeen(`${inbound.address.channel}:${inbound.id}`, deps.settings.dedupeTtlSeconds);
      if (!first) {
        deps.log.debug({ conversation: key, reason: 'duplicate' }, 'inbound dropped');
        return { status: 'duplicate', conversationId: key, replies: [], dropped: 'duplicate' };
      }
    }
    inFlight++;
    try {
      // Received before the turn, struck off after it: a crash in between leaves it for the sweep.
      if (!opts.replay) await deps.journal?.begin(inbound, deps.clock());
      const outcome = await turnFor(inbound);
      // Answered: if striking it off fails, the sweep finds every reply in the transcript and sends none again.
      await deps.journal?.finish(inbound).catch((e: unknown) => deps.log.warn({ conversation: key, err: e instanceof Error ? e.message : String(e) }, 'journal entry not struck off'));
      return outcome;
    } catch (e) {
      // A failed turn is retried by the sweep (a redelivery would only be dropped as a duplicate).
      await deps.journal?.release(inbound).catch(() => undefined);
      throw e;
    } finally {
      inFlight--;
    }
  }

  return {
    async handle(inbound, opts = {}) {
      try {
        return await handleWithStore(inbound, opts);
      } catch (e) {
        // With the store down (Redis unreachable), answer from the in-memory knowledge base.
        const fallback = await answerWithoutStore(deps, inbound);
        if (!fallback) throw e;
        return { status: 'handled', ...fallback, dropped: 'store-unavailable' };
      }
    },
    get inFlight() {
      return inFlight;
    },
  };
}
