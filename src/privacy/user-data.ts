import { createHash } from 'node:crypto';
import type { Conversation, TranscriptMessage } from '../core/conversation.js';
import type { Log, Store } from '../core/ports.js';
import type { UserDataEraser, UserDataPart, UserRef } from '../core/user-data.js';

export interface UserExport {
  exportedAt: string;
  user: UserRef;
  /** One key per registered part: conversations (with their transcripts and feedback), subscriptions, ... */
  data: Record<string, unknown>;
}

interface ExportedConversation {
  conversation: Conversation;
  messages: TranscriptMessage[];
}

/**
 * A pseudonym for the audit log: an erasure must be provable without the log keeping the very
 * identifier that was erased. The same user always gets the same pseudonym.
 */
export function auditRef(user: UserRef): string {
  return `user:${createHash('sha256').update(`${user.channel}:${user.user}`).digest('hex').slice(0, 16)}`;
}

/**
 * Erasure ("forget me", by the user or by staff on request) and export (the right of access) of
 * everything stored about one user. Conversations are built in; other features register their
 * part (campaign subscriptions: `runtime.privacy.register({ name: 'subscriptions', erase, export })`).
 * Both are audited under a pseudonym.
 */
export class UserData implements UserDataEraser {
  private readonly parts: UserDataPart[] = [];

  constructor(private readonly deps: { store: Store; log: Log; clock: () => Date; newId: () => string }) {
    const { store } = deps;
    this.register({
      name: 'conversations',
      // Web chat feedback lives on the rated message, so it goes with the transcript.
      erase: (u) => store.conversations.deleteByUser(u.channel, u.user),
      export: async (u): Promise<ExportedConversation[]> => {
        const out: ExportedConversation[] = [];
        for (const conversation of await store.conversations.byUser(u.channel, u.user)) {
          out.push({ conversation, messages: await store.conversations.messages(conversation.id) });
        }
        return out;
      },
    });
    // A message still waiting to be answered (after a crash) would bring the erased data back.
    const pending = async (u: UserRef) => (await store.journal.list()).filter((e) => e.inbound.address.channel === u.channel && e.inbound.address.user === u.user);
    this.register({
      name: 'unanswered',
      erase: async (u) => {
        const entries = await pending(u);
        for (const e of entries) await store.journal.finish(e.key);
        return entries.length;
      },
      export: async (u) => (await pending(u)).map((e) => ({ receivedAt: e.receivedAt, message: e.inbound })),
    });
  }

  /** A part registered again under the same name replaces the first (one erasure per kind of data). */
  register(part: UserDataPart): void {
    const i = this.parts.findIndex((p) => p.name === part.name);
    if (i >= 0) this.parts[i] = part;
    else this.parts.push(part);
  }

  get partNames(): string[] {
    return this.parts.map((p) => p.name);
  }

  async forget(user: UserRef, actor: string): Promise<Record<string, number>> {
    const removed: Record<string, number> = {};
    for (const part of this.parts) removed[part.name] = await part.erase(user);
    await this.audit(actor, 'forget', user, removed);
    this.deps.log.info({ event: 'forget', channel: user.channel, by: actor === 'user' ? 'user' : 'staff', removed }, 'user data erased on request');
    return removed;
  }

  async export(user: UserRef, actor: string): Promise<UserExport> {
    const data: Record<string, unknown> = {};
    for (const part of this.parts) data[part.name] = await part.export(user);
    await this.audit(actor, 'export', user, {});
    this.deps.log.info({ event: 'export', channel: user.channel, by: actor }, 'user data exported');
    return { exportedAt: this.deps.clock().toISOString(), user, data };
  }

  private async audit(actor: string, action: string, user: UserRef, details: Record<string, number>): Promise<void> {
    await this.deps.store.audit.append({ id: this.deps.newId(), at: this.deps.clock().toISOString(), actor, action, target: auditRef(user), details: { channel: user.channel, ...details } });
  }
}
