import { randomUUID } from 'node:crypto';
import { transition, type Conversation, type Status, type TranscriptMessage } from '../core/conversation.js';
import { AppError } from '../core/errors.js';
import type { Bus, Log, Store } from '../core/ports.js';
import type { StaffUser } from '../core/staff.js';
import type { Outbox } from '../conversation/turn.js';
import type { Translator } from '../i18n.js';

export const INBOX_TOPIC = 'conversations';

export interface ConversationView {
  conversation: Conversation;
  messages: TranscriptMessage[];
  waitingSeconds: number;
}

/**
 * What staff do with handed-over conversations: the same use cases behind the inbox page and
 * the staff HTTP API. Every action takes the conversation's turn lock (so it never races the
 * bot), is checked against the staff member's role and teams, and goes to the audit log.
 */
export class Inbox {
  constructor(
    private readonly deps: { store: Store; bus: Bus; outbox: Outbox; i18n: Translator; log: Log; clock: () => Date },
  ) {}

  private canWorkOn(staff: StaffUser, c: Conversation): boolean {
    if (staff.role === 'admin') return true;
    if (staff.role !== 'staff') return false;
    return c.assignee === staff.id || staff.teams.length === 0 || (c.team !== null && staff.teams.includes(c.team));
  }

  private requireInbox(staff: StaffUser): void {
    if (staff.role !== 'staff' && staff.role !== 'admin') throw new AppError('FORBIDDEN', 'the inbox is for staff');
  }

  async list(staff: StaffUser, status: Status | undefined): Promise<Conversation[]> {
    this.requireInbox(staff);
    const all = status ? await this.deps.store.conversations.list({ status }) : [...(await this.deps.store.conversations.list({ status: 'waiting' })), ...(await this.deps.store.conversations.list({ status: 'assigned' }))];
    return all.filter((c) => this.canWorkOn(staff, c));
  }

  async view(staff: StaffUser, id: string): Promise<ConversationView> {
    const c = await this.load(staff, id);
    const messages = await this.deps.store.conversations.messages(id, { limit: 500 });
    const waitingSeconds = c.status === 'waiting' ? Math.max(0, Math.round((this.deps.clock().getTime() - Date.parse(c.updatedAt)) / 1000)) : 0;
    return { conversation: c, messages, waitingSeconds };
  }

  async claim(staff: StaffUser, id: string): Promise<Conversation> {
    return this.act(staff, id, 'claim', async (c) => {
      if (c.status === 'assigned' && c.assignee !== staff.id && staff.role !== 'admin') throw new AppError('CONFLICT', 'a colleague has claimed this conversation', { id });
      return transition(c, { type: 'claim', staffId: staff.id }, this.deps.clock());
    });
  }

  async transfer(staff: StaffUser, id: string, to: { team?: string | null; staffId?: string | null }): Promise<Conversation> {
    return this.act(staff, id, 'transfer', async (c) => {
      if (to.staffId) {
        const colleague = await this.deps.store.staff.get(to.staffId);
        if (!colleague || (colleague.role !== 'staff' && colleague.role !== 'admin')) throw new AppError('BAD_INPUT', 'no such staff member');
      }
      return transition(c, { type: 'transfer', staffId: to.staffId ?? null, team: to.team ?? null }, this.deps.clock());
    }, { team: to.team ?? null, to: to.staffId ?? null });
  }

  async close(staff: StaffUser, id: string): Promise<Conversation> {
    return this.act(staff, id, 'close', async (c) => {
      this.requireOwner(staff, c);
      const closed = transition(c, { type: 'close' }, this.deps.clock());
      const lang = c.lang ?? 'en';
      await this.deliver(closed, { role: 'bot', text: this.deps.i18n.t(lang, 'handoff.closed'), author: null });
      return closed;
    });
  }

  /** A reply on the user's own channel; a failed delivery is kept with its reason for staff to see. */
  async reply(staff: StaffUser, id: string, text: string): Promise<TranscriptMessage> {
    let sent: TranscriptMessage | null = null;
    await this.act(staff, id, 'reply', async (c) => {
      this.requireOwner(staff, c);
      sent = await this.deliver(c, { role: 'staff', text, author: staff.name });
      return c;
    }, { chars: text.length });
    if (!sent) throw new AppError('CONFLICT', 'not sent');
    return sent;
  }

  async note(staff: StaffUser, id: string, text: string): Promise<TranscriptMessage> {
    let note: TranscriptMessage | null = null;
    await this.act(staff, id, 'note', async (c) => {
      note = { id: randomUUID(), conversationId: c.id, role: 'note', text, at: this.deps.clock().toISOString(), channel: c.address.channel, lang: c.lang, author: staff.name };
      await this.deps.store.conversations.appendMessage(note);
      return c;
    });
    if (!note) throw new AppError('CONFLICT', 'not saved');
    return note;
  }

  private requireOwner(staff: StaffUser, c: Conversation): void {
    if (c.status !== 'assigned') throw new AppError('CONFLICT', 'claim the conversation first', { status: c.status });
    if (c.assignee !== staff.id && staff.role !== 'admin') throw new AppError('FORBIDDEN', 'a colleague owns this conversation');
  }

  private async load(staff: StaffUser, id: string): Promise<Conversation> {
    this.requireInbox(staff);
    const c = await this.deps.store.conversations.get(id);
    if (!c) throw new AppError('NOT_FOUND', 'no such conversation', { id });
    if (!this.canWorkOn(staff, c)) throw new AppError('FORBIDDEN', 'this conversation belongs to another team', { id });
    return c;
  }

  private async act(staff: StaffUser, id: string, action: string, fn: (c: Conversation) => Promise<Conversation>, details: Record<string, string | number | null> = {}): Promise<Conversation> {
    this.requireInbox(staff);
    const result = await this.deps.store.locks.withLock(id, async () => {
      const c = await this.load(staff, id);
      const next = await fn(c);
      if (next !== c) await this.deps.store.conversations.save(next);
      return next;
    });
    await this.deps.store.audit.append({ id: randomUUID(), at: this.deps.clock().toISOString(), actor: staff.id, action, target: id, details });
    await this.deps.bus.publish(INBOX_TOPIC, { id, status: result.status, action }).catch(() => undefined);
    this.deps.log.info({ event: `staff.${action}`, staff: staff.id, conversation: id }, 'staff action');
    return result;
  }

  private async deliver(c: Conversation, m: { role: 'staff' | 'bot'; text: string; author: string | null }): Promise<TranscriptMessage> {
    const message: TranscriptMessage = { id: randomUUID(), conversationId: c.id, role: m.role, text: m.text, at: this.deps.clock().toISOString(), channel: c.address.channel, lang: c.lang, author: m.author };
    if (c.unreachable) {
      message.delivery = { status: 'failed', error: `the user cannot be reached on ${c.address.channel}: ${c.unreachable.reason}` };
    } else {
      try {
        await this.deps.outbox.send(c.address, { type: 'text', text: m.text }, c.lang ?? 'en', { from: m.role, ...(m.author ? { author: m.author } : {}) });
        message.delivery = { status: 'sent' };
      } catch (e) {
        message.delivery = { status: 'failed', error: e instanceof Error ? e.message.slice(0, 300) : 'unknown error' };
      }
    }
    await this.deps.store.conversations.appendMessage(message);
    return message;
  }
}
