import type { JournaledInbound, PlannedSend, TurnJournal } from '../core/journal.js';
import type { InboundMessage } from '../core/message.js';

/** What the pipeline writes to the turn journal around a turn, on behalf of this instance. */
export interface JournalHooks {
  /** This instance, as the journal names owners. */
  readonly owner: string;
  begin(inbound: InboundMessage, now: Date): Promise<void>;
  plan(inbound: InboundMessage, planned: PlannedSend): Promise<void>;
  finish(inbound: InboundMessage): Promise<void>;
  /** The turn failed: the next sweep retries it (or hands it to staff after a few attempts). */
  release(inbound: InboundMessage): Promise<void>;
}

/** The same key as the inbound dedupe. */
export function journalKey(inbound: Pick<InboundMessage, 'id' | 'address'>): string {
  return `${inbound.address.channel}:${inbound.id}`;
}

export function toJournaled(inbound: InboundMessage): JournaledInbound {
  return { id: inbound.id, address: inbound.address, content: inbound.content, at: inbound.at.toISOString(), ...(inbound.locale ? { locale: inbound.locale } : {}) };
}

export function fromJournaled(j: JournaledInbound): InboundMessage {
  return { id: j.id, address: j.address, content: j.content, at: new Date(j.at), ...(j.locale ? { locale: j.locale } : {}) };
}

/**
 * `leaseMs` must outlast any turn (a lock wait, a slow channel): until it runs out, no other
 * instance takes the message over, so a live turn is never run twice.
 */
export function journalHooks(journal: TurnJournal, owner: string, leaseMs: number): JournalHooks {
  return {
    owner,
    async begin(inbound, now) {
      await journal.begin({
        key: journalKey(inbound),
        inbound: toJournaled(inbound),
        owner,
        receivedAt: now.toISOString(),
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
        attempts: 1,
        planned: null,
      });
    },
    plan: (inbound, planned) => journal.plan(journalKey(inbound), planned),
    finish: (inbound) => journal.finish(journalKey(inbound)),
    release: (inbound) => journal.release(journalKey(inbound)),
  };
}
