import type { Conversation } from '../../src/core/conversation.js';
import type { Store } from '../../src/core/ports.js';
import type { CloudStatus } from './cloud-payload.js';

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';
const RANK: Record<DeliveryStatus, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/** The newest outbound message's delivery, kept in the conversation's channel-private ref. */
export interface WhatsappRef {
  delivery?: { id: string; status: DeliveryStatus; at: string; error?: string };
}

/** Error codes after which the user cannot be reached by any message (not on WhatsApp, blocked). */
const UNREACHABLE = new Set([131026]);

export function readRef(ref: unknown): WhatsappRef {
  return typeof ref === 'object' && ref !== null ? (ref as WhatsappRef) : {};
}

function isStatus(s: string): s is DeliveryStatus {
  return s in RANK;
}

/**
 * Applies a status callback under the conversation's turn lock: the newest message's delivery
 * state moves forward only (callbacks come late and twice); a failure is noted in the transcript
 * for staff, and a permanent one marks the user unreachable.
 */
export async function applyStatus(store: Store, s: CloudStatus, newId: () => string, now: Date): Promise<'updated' | 'ignored'> {
  if (!isStatus(s.status)) return 'ignored';
  const status = s.status;
  const key = `whatsapp:${s.recipient}`;
  return store.locks.withLock(key, async () => {
    const c = await store.conversations.get(key);
    if (!c) return 'ignored';
    const seconds = Number(s.timestamp);
    const at = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : now.toISOString();
    const ref = readRef(c.address.ref);
    const known = ref.delivery;
    if (known && known.id === s.id && RANK[known.status] >= RANK[status]) return 'ignored';
    if (known && known.id !== s.id && known.at > at) return 'ignored';
    const error = s.error ? `${s.error.code}: ${s.error.title}`.slice(0, 200) : undefined;
    const next: Conversation = { ...c, address: { ...c.address, ref: { ...ref, delivery: { id: s.id, status, at, ...(error ? { error } : {}) } } } };
    if (status === 'failed') {
      await store.conversations.appendMessage({
        id: newId(),
        conversationId: c.id,
        channel: 'whatsapp',
        role: 'system',
        text: `WhatsApp could not deliver a message (${error ?? 'no reason given'}).`,
        at: now.toISOString(),
        lang: null,
        delivery: { status: 'failed', error: error ?? 'failed' },
      });
      if (s.error && UNREACHABLE.has(s.error.code)) next.unreachable = { reason: error ?? 'undeliverable', at: now.toISOString() };
    }
    await store.conversations.save(next);
    return 'updated';
  });
}
