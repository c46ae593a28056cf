import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConversation, transition, type TranscriptMessage } from '../../src/core/conversation.js';
import type { Address } from '../../src/core/message.js';
import type { Store } from '../../src/core/ports.js';
import type { StaffSession, StaffUser } from '../../src/core/staff.js';

/**
 * The one contract every Store adapter must meet (the way botbuilder's storageBaseTests are run
 * against each storage). Each adapter's test file calls this with a factory for a fresh store.
 */
export function storeContract(name: string, open: () => Promise<Store>, teardown: (s: Store) => Promise<void> = (s) => s.close()): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await teardown(store);
    });

    const addr = (thread: string, user = thread): Address => ({ channel: 'webchat', thread, user });
    const msg = (conversationId: string, id: string, text: string, at = new Date().toISOString()): TranscriptMessage => ({
      id,
      conversationId,
      role: 'user',
      text,
      at,
      channel: 'webchat',
      lang: 'uk',
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('returns null for an unknown conversation and round-trips a saved one', async () => {
      expect(await store.conversations.get('webchat:nobody')).toBeNull();
      const c = { ...newConversation(addr('rt-1'), new Date('2026-11-01T10:00:00Z')), lang: 'uk' as const, topic: 'residence', misses: 1 };
      await store.conversations.save(c);
      expect(await store.conversations.get(c.id)).toEqual(c);
    });

    it('keeps unicode, emoji and right-to-left text intact', async () => {
      const id = 'webchat:unicode';
      await store.conversations.save(newConversation(addr('unicode'), new Date()));
      const text = 'Привіт 👋🏽 مرحبا ř ě ů đ thẻ cư trú \u202e';
      await store.conversations.appendMessage(msg(id, 'u1', text));
      expect((await store.conversations.messages(id))[0]?.text).toBe(text);
    });

    it('keeps messages in order, limits to the newest, and updates a message in place', async () => {
      const id = 'webchat:order';
      await store.conversations.save(newConversation(addr('order'), new Date()));
      for (let i = 0; i < 5; i++) await store.conversations.appendMessage(msg(id, `m${i}`, `text ${i}`));
      expect((await store.conversations.messages(id)).map((m) => m.text)).toEqual(['text 0', 'text 1', 'text 2', 'text 3', 'text 4']);
      expect((await store.conversations.messages(id, { limit: 2 })).map((m) => m.id)).toEqual(['m3', 'm4']);
      await store.conversations.appendMessage({ ...msg(id, 'm1', 'text 1'), delivery: { status: 'failed', error: 'blocked' } });
      const all = await store.conversations.messages(id);
      expect(all).toHaveLength(5);
      expect(all[1]?.delivery).toEqual({ status: 'failed', error: 'blocked' });
    });

    it('lists by status, oldest update first, and moves a conversation between statuses', async () => {
      const a = transition(newConversation(addr('q-a'), new Date('2026-11-02T08:00:00Z')), { type: 'escalate', reason: 'asked' }, new Date('2026-11-02T08:00:00Z'));
      const b = transition(newConversation(addr('q-b'), new Date('2026-11-02T07:00:00Z')), { type: 'escalate', reason: 'misses' }, new Date('2026-11-02T07:00:00Z'));
      await store.conversations.save(a);
      await store.conversations.save(b);
      const waiting = (await store.conversations.list({ status: 'waiting' })).map((c) => c.id);
      expect(waiting.indexOf(b.id)).toBeLessThan(waiting.indexOf(a.id));
      expect(waiting).toContain(a.id);
      const claimed = transition(a, { type: 'claim', staffId: 'staff-1' }, new Date('2026-11-02T09:00:00Z'));
      await store.conversations.save(claimed);
      expect((await store.conversations.list({ status: 'waiting' })).map((c) => c.id)).not.toContain(a.id);
      expect((await store.conversations.list({ status: 'assigned' })).map((c) => c.id)).toContain(a.id);
    });

    it('deletes everything of one user and nothing of another', async () => {
      const mine = newConversation(addr('forget-1', 'user-x'), new Date());
      const other = newConversation(addr('forget-2', 'user-y'), new Date());
      await store.conversations.save(mine);
      await store.conversations.save(other);
      await store.conversations.appendMessage(msg(mine.id, 'f1', 'secret'));
      await store.conversations.appendMessage(msg(other.id, 'f2', 'keep'));
      expect(await store.conversations.deleteByUser('webchat', 'user-x')).toBe(1);
      expect(await store.conversations.get(mine.id)).toBeNull();
      expect(await store.conversations.messages(mine.id)).toEqual([]);
      expect(await store.conversations.get(other.id)).not.toBeNull();
      expect(await store.conversations.messages(other.id)).toHaveLength(1);
      expect(await store.conversations.deleteByUser('webchat', 'user-x')).toBe(0);
    });

    it('lists every conversation of one user on one channel, and only theirs', async () => {
      const a = newConversation(addr('by-user-1', 'user-z'), new Date());
      const b = newConversation(addr('by-user-2', 'user-z'), new Date());
      const other = newConversation(addr('by-user-3', 'user-w'), new Date());
      for (const c of [a, b, other]) await store.conversations.save(c);
      expect((await store.conversations.byUser('webchat', 'user-z')).map((c) => c.id).sort()).toEqual([a.id, b.id]);
      expect(await store.conversations.byUser('telegram', 'user-z')).toEqual([]);
      await store.conversations.deleteByUser('webchat', 'user-z');
      expect(await store.conversations.byUser('webchat', 'user-z')).toEqual([]);
    });

    it('deletes conversations not updated since a date (retention)', async () => {
      const old = newConversation(addr('old'), new Date('2020-01-01T00:00:00Z'));
      const fresh = newConversation(addr('fresh'), new Date('2026-11-20T00:00:00Z'));
      await store.conversations.save(old);
      await store.conversations.save(fresh);
      await store.conversations.appendMessage(msg(old.id, 'o1', 'old text'));
      expect(await store.conversations.deleteOlderThan(new Date('2021-01-01T00:00:00Z'))).toBeGreaterThanOrEqual(1);
      expect(await store.conversations.get(old.id)).toBeNull();
      expect(await store.conversations.messages(old.id)).toEqual([]);
      expect(await store.conversations.get(fresh.id)).not.toBeNull();
    });

    it('sees an inbound key the first time only, even when asked at once from many callers', async () => {
      const key = `dedupe-${Math.random()}`;
      const results = await Promise.all(Array.from({ length: 20 }, () => store.inbound.firstSeen(key, 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.inbound.firstSeen(key, 60)).toBe(false);
      expect(await store.inbound.firstSeen(`${key}-other`, 60)).toBe(true);
    });

    it('sees a key again after its time to live', async () => {
      const key = `ttl-${Math.random()}`;
      expect(await store.inbound.firstSeen(key, 1)).toBe(true);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await store.inbound.firstSeen(key, 1)).toBe(true);
    });

    it('runs turns of one conversation one at a time, and of different ones side by side', async () => {
      const log: string[] = [];
      const turn = (key: string, name: string) =>
        store.locks.withLock(key, async () => {
          log.push(`${name}:start`);
          await new Promise((r) => setTimeout(r, 20));
          log.push(`${name}:end`);
        });
      await Promise.all([turn('lock-a', 'a1'), turn('lock-a', 'a2'), turn('lock-a', 'a3')]);
      for (let i = 0; i < log.length; i += 2) expect(log[i]?.replace(':start', '')).toBe(log[i + 1]?.replace(':end', ''));
      log.length = 0;
      await Promise.all([turn('lock-b', 'b'), turn('lock-c', 'c')]);
      expect(log.slice(0, 2).sort()).toEqual(['b:start', 'c:start']);
    });

    const staffUser = (id: string, email: string): StaffUser => ({
      id,
      email,
      name: 'Jana Nováková',
      role: 'staff',
      languages: ['cs', 'uk'],
      teams: ['legal'],
      passwordHash: 'scrypt$x$y',
      failedLogins: 0,
      lockedUntil: null,
      createdAt: new Date().toISOString(),
    });

    it('keeps staff accounts, finds them by e-mail in any case, and refuses a second account per e-mail', async () => {
      const u = staffUser(`s-${Math.random()}`, `Jana.${Math.random()}@Example.org`);
      await store.staff.create(u);
      expect(await store.staff.get(u.id)).toEqual(u);
      expect((await store.staff.byEmail(u.email.toUpperCase()))?.id).toBe(u.id);
      await expect(store.staff.create({ ...u, id: 'other' })).rejects.toMatchObject({ code: 'CONFLICT' });
      await store.staff.update({ ...u, failedLogins: 3 });
      expect((await store.staff.get(u.id))?.failedLogins).toBe(3);
      expect((await store.staff.list()).map((x) => x.id)).toContain(u.id);
      expect(await store.staff.byEmail('nobody@example.org')).toBeNull();
    });

    it('keeps a session until it expires or is deleted', async () => {
      const now = Date.now();
      const live: StaffSession = { id: `sess-${Math.random()}`, staffId: 's1', csrf: 'c', createdAt: new Date(now).toISOString(), expiresAt: new Date(now + 60_000).toISOString() };
      const dead: StaffSession = { ...live, id: `sess-${Math.random()}`, expiresAt: new Date(now + 1000).toISOString() };
      await store.sessions.create(live);
      await store.sessions.create(dead);
      expect(await store.sessions.get(live.id)).toEqual(live);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await store.sessions.get(dead.id)).toBeNull();
      await store.sessions.delete(live.id);
      expect(await store.sessions.get(live.id)).toBeNull();
    });

    it('appends audit events, newest first, also by target', async () => {
      const target = `webchat:audit-${Math.random()}`;
      await store.audit.append({ id: `a1-${target}`, at: new Date().toISOString(), actor: 's1', action: 'claim', target });
      await store.audit.append({ id: `a2-${target}`, at: new Date().toISOString(), actor: 's1', action: 'reply', target, details: { chars: 12 } });
      await store.audit.append({ id: `a3-${target}`, at: new Date().toISOString(), actor: 's2', action: 'login', target: null });
      expect((await store.audit.list({ target })).map((e) => e.action)).toEqual(['reply', 'claim']);
      expect((await store.audit.list({ limit: 1 }))[0]?.action).toBe('login');
    });

    it('releases a lock when the turn throws', async () => {
      await expect(store.locks.withLock('lock-err', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      await expect(store.locks.withLock('lock-err', async () => 'next')).resolves.toBe('next');
    });
  });
}
