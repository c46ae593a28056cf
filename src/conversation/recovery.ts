import { newConversation, transition, type TranscriptMessage } from '../core/conversation.js';
import type { JournalEntry, PlannedSend, TurnJournal } from '../core/journal.js';
import { conversationKey } from '../core/message.js';
import { fromJournaled } from './journal.js';
import type { Pipeline } from './pipeline.js';
import { text } from './replies.js';
import type { PipelineDeps } from './turn.js';

export interface RecoveryOptions {
  /** This instance's name in the journal. */
  owner: string;
  /** How long a claimed entry is this instance's (must outlast a turn). */
  leaseMs: number;
  /** Runs of one message before it goes to staff instead (the first run counts). */
  maxAttempts?: number;
  /** A message older than this goes to staff: a bot answer hours late would only confuse. */
  maxAgeMs?: number;
}

export interface SweepResult {
  replayed: number;
  resent: number;
  toStaff: number;
}

const INBOX_TOPIC = 'conversations';

/**
 * Answers what a crash left unanswered. Each claimed journal entry is either
 * - run again (the turn had not saved anything: it runs as if new, skipping the dedupe),
 * - finished (the turn was saved: only the replies missing from the transcript are sent), or
 * - handed to staff (too many attempts, or too old): the conversation joins the staff queue with
 *   the message and a note, and the user is told a person will answer.
 */
export async function sweepJournal(deps: PipelineDeps, pipeline: Pipeline, journal: TurnJournal, opts: RecoveryOptions & { takeOver?: boolean }): Promise<SweepResult> {
  const now = deps.clock();
  const result: SweepResult = { replayed: 0, resent: 0, toStaff: 0 };
  const entries = await journal.claim(opts.owner, now, opts.leaseMs, { takeOver: opts.takeOver === true });
  for (const entry of entries) {
    const conversation = conversationKey(entry.inbound.address);
    try {
      const tooOld = now.getTime() - Date.parse(entry.receivedAt) > (opts.maxAgeMs ?? 3600_000);
      if (entry.attempts > (opts.maxAttempts ?? 3) || tooOld) {
        await handToStaff(deps, entry);
        await journal.finish(entry.key);
        result.toStaff++;
      } else if (entry.planned) {
        await sendMissing(deps, entry.planned);
        await journal.finish(entry.key);
        result.resent++;
      } else {
        // The pipeline strikes the entry off when the turn succeeds, and releases it when it fails.
        await pipeline.handle(fromJournaled(entry.inbound), { replay: true });
        result.replayed++;
      }
      deps.log.info({ event: 'recovered', conversation, attempts: entry.attempts, planned: entry.planned !== null }, 'unanswered message recovered');
    } catch (e) {
      deps.log.warn({ event: 'recovery-failed', conversation, attempts: entry.attempts, err: e instanceof Error ? e.message : String(e) }, 'unanswered message not recovered; retried later');
      await journal.release(entry.key).catch(() => undefined);
    }
  }
  return result;
}

/** Sends the planned replies the transcript does not have yet (the one in flight at the crash may go twice). */
async function sendMissing(deps: PipelineDeps, planned: PlannedSend): Promise<void> {
  await deps.store.locks.withLock(planned.conversationId, async () => {
    const exists = !planned.forgotten && (await deps.store.conversations.get(planned.conversationId)) !== null;
    const stored = exists ? new Set((await deps.store.conversations.messages(planned.conversationId, { limit: 500 })).map((m) => m.id)) : new Set<string>();
    for (const reply of planned.replies) {
      if (stored.has(reply.id)) continue;
      const message: TranscriptMessage = {
        id: reply.id,
        conversationId: planned.conversationId,
        channel: planned.address.channel,
        role: 'bot',
        text: reply.content.type === 'postback' ? reply.content.value : reply.content.text,
        at: deps.clock().toISOString(),
        lang: planned.lang,
        action: reply.action ?? null,
        entry: reply.entry ?? null,
        score: reply.score ?? null,
      };
      try {
        await deps.outbox.send(planned.address, reply.content, planned.lang);
        message.delivery = { status: 'sent' };
      } catch (e) {
        message.delivery = { status: 'failed', error: e instanceof Error ? e.message.slice(0, 300) : 'unknown error' };
      }
      if (exists) await deps.store.conversations.appendMessage(message);
    }
  });
}

/** The message could not be answered by the bot: a person takes it, with the message in the transcript. */
async function handToStaff(deps: PipelineDeps, entry: JournalEntry): Promise<void> {
  const inbound = fromJournaled(entry.inbound);
  const id = conversationKey(inbound.address);
  const now = deps.clock();
  const at = now.toISOString();
  let status = 'waiting';
  let isNew = false;
  await deps.store.locks.withLock(id, async () => {
    const stored = await deps.store.conversations.get(id);
    isNew = stored === null;
    let c = stored ?? { ...newConversation(inbound.address, inbound.at), lastUserAt: inbound.at.toISOString() };
    const lang = c.lang ?? deps.settings.defaultLang;
    const base = { conversationId: id, channel: inbound.address.channel, lang: c.lang };
    // A turn that saved nothing left no trace of the message: staff must see what was asked.
    if (!entry.planned) {
      const said = inbound.content.type === 'postback' ? `[${inbound.content.value}]` : inbound.content.text;
      await deps.store.conversations.appendMessage({ ...base, id: deps.newId(), role: 'user', text: said, at: inbound.at.toISOString() });
    }
    await deps.store.conversations.appendMessage({
      ...base,
      id: deps.newId(),
      role: 'system',
      text: `The assistant could not answer this message (${entry.attempts - 1} attempts, received ${entry.receivedAt}). Please reply to the user.`,
      at,
    });
    if (c.status === 'bot' || c.status === 'closed') {
      c = transition(c, { type: 'escalate', reason: 'failed' }, now);
      const route = await deps.handoff.route(c);
      c.team = route.team;
      c.interpreter = route.interpreter;
      const notice = deps.i18n.t(lang, 'handoff.waiting', { when: deps.handoff.whenText(lang, now) });
      await deps.outbox.send(c.address, text(notice), lang).catch(() => undefined);
      await deps.store.conversations.appendMessage({ ...base, id: deps.newId(), role: 'bot', text: notice, at, action: 'escalate' });
    }
    c.updatedAt = at;
    await deps.store.conversations.save(c);
    status = c.status;
  });
  await deps.store.audit.append({ id: deps.newId(), at, actor: 'system', action: 'turn-failed', target: id, details: { attempts: entry.attempts - 1 } });
  await deps.bus.publish(INBOX_TOPIC, { id, status, isNew }).catch(() => undefined);
}

export interface Recovery {
  sweep(opts?: { takeOver?: boolean }): Promise<SweepResult>;
  stop(): Promise<void>;
}

/**
 * Sweeps at start (taking over everything left by an earlier process when the store is a file
 * only one process owns) and then every `intervalMs` (leases that ran out: a crashed instance, a
 * failed turn to retry).
 */
export function startRecovery(deps: PipelineDeps, pipeline: Pipeline, journal: TurnJournal, opts: RecoveryOptions & { intervalMs: number; takeOverAtStart: boolean }): Recovery {
  let running: Promise<SweepResult> | null = null;
  const sweep = (o: { takeOver?: boolean } = {}): Promise<SweepResult> => {
    running ??= sweepJournal(deps, pipeline, journal, { ...opts, ...o }).finally(() => (running = null));
    return running;
  };
  const tick = (takeOver: boolean): void => {
    sweep({ takeOver }).catch((e: unknown) => deps.log.warn({ event: 'recovery', err: e instanceof Error ? e.message : String(e) }, 'journal sweep failed; retried at the next interval'));
  };
  const timer = setInterval(() => tick(false), opts.intervalMs);
  timer.unref();
  tick(opts.takeOverAtStart);
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
