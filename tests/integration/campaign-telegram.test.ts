import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITOR, finished, seedSubscribers, until } from '../support/campaigns.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { startTelegramPeer, TEST_BOT_TOKEN, type TelegramPeer } from '../support/telegram-peer.js';

/**
 * The sending job in embedded mode (SQLite, in-process), against the Telegram Bot API emulator:
 * rate, retries, blocked users, and a restart in the middle of a campaign.
 */
const refusal = (status: number, description: string) => ({ status, body: { ok: false, error_code: status, description } });

let peer: TelegramPeer;
beforeAll(async () => {
  peer = await startTelegramPeer();
});
afterAll(async () => {
  await peer?.close();
});

const env = (extra: Record<string, string> = {}) => ({
  TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
  TELEGRAM_API_ROOT: peer.apiRoot,
  CAMPAIGN_POLL_MS: '20',
  CAMPAIGN_RETRY_BASE_MS: '20',
  ...extra,
});
const sendsTo = (chat: string) => peer.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === chat);
const delivered = (chat: string) => peer.botMessages(Number(chat)).length;

async function announce(svc: TestService, topic: string, text: Record<string, string> = { en: 'The Centre is closed on **24 December**.' }): Promise<string> {
  const a = await svc.runtime.campaigns.create(EDITOR, { name: `to ${topic}`, texts: text, topics: [topic] });
  await svc.runtime.campaigns.schedule(EDITOR, a.id, null);
  return a.id;
}

describe('campaign sending on Telegram (embedded store)', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(env({ CAMPAIGN_RATE_TELEGRAM: '20', CAMPAIGN_MAX_ATTEMPTS: '2' }), { telegram: { sender: { backoffMs: 5, attempts: 1 } } });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('sends each subscriber exactly one message, rendered for Telegram', async () => {
    const users = await seedSubscribers(svc.runtime.store, { first: 81000, count: 30, topics: ['events'] });
    const id = await announce(svc, 'events');
    const a = await finished(svc.runtime.store, id);
    expect(a.status).toBe('sent');
    expect(a.totals).toMatchObject({ sent: 30, failed: 0, pending: 0, sending: 0 });
    for (const u of users) expect(delivered(u)).toBe(1);
    const first = peer.botMessages(81000)[0];
    expect(first?.text).toContain('<b>24 December</b>');
    expect(first?.text).toContain('/unsubscribe');
    expect(first?.parseMode).toBe('HTML');
    expect(peer.calls.filter((c) => c.method === 'sendMessage' && users.includes(String(c.body.chat_id)))).toHaveLength(30);
  });

  it('retries a failed send after a backoff and delivers it once', async () => {
    const [user = ''] = await seedSubscribers(svc.runtime.store, { first: 82000, count: 1, topics: ['czech'] });
    peer.script('sendMessage', refusal(500, 'Internal Server Error'));
    const id = await announce(svc, 'czech');
    const a = await finished(svc.runtime.store, id);
    expect(a.totals).toMatchObject({ sent: 1, failed: 0 });
    expect(sendsTo(user)).toHaveLength(2);
    expect(delivered(user)).toBe(1);
    expect((await svc.runtime.store.announcements.getDelivery(id, `telegram:${user}`))?.attempts).toBe(2);
  });

  it('gives up after CAMPAIGN_MAX_ATTEMPTS and says why, without naming the user', async () => {
    const [user = ''] = await seedSubscribers(svc.runtime.store, { first: 83000, count: 1, topics: ['residence'] });
    peer.script('sendMessage', refusal(500, 'Internal Server Error'), refusal(500, 'Internal Server Error'));
    const id = await announce(svc, 'residence');
    const a = await finished(svc.runtime.store, id);
    expect(a.totals).toMatchObject({ sent: 0, failed: 1 });
    expect(sendsTo(user)).toHaveLength(2);
    const view = await svc.runtime.campaigns.view(id);
    expect(view.errors).toEqual([expect.objectContaining({ status: 'failed', count: 1 })]);
    expect(view.errors[0]?.error).toContain('Internal Server Error');
    expect(view.errors[0]?.error).not.toContain(user);
    // Still subscribed: a passing failure is no reason to stop.
    expect(await svc.runtime.store.subscriptions.get('telegram', user)).not.toBeNull();
  });

  it('drops a user who blocked the bot at once, and ends their subscription', async () => {
    const [user = ''] = await seedSubscribers(svc.runtime.store, { first: 84000, count: 1, topics: ['centre'] });
    peer.script('sendMessage', refusal(403, 'Forbidden: bot was blocked by the user'));
    const id = await announce(svc, 'centre');
    const a = await finished(svc.runtime.store, id);
    expect(a.totals).toMatchObject({ dropped: 1, sent: 0 });
    expect(sendsTo(user)).toHaveLength(1);
    expect(await svc.runtime.store.subscriptions.get('telegram', user)).toBeNull();
  });

  it('cancels what is not sent yet', async () => {
    await seedSubscribers(svc.runtime.store, { first: 85000, count: 5, topics: ['centre'] });
    const a = await svc.runtime.campaigns.create(EDITOR, { name: 'later', texts: { en: 'Later' }, topics: ['centre'] });
    await svc.runtime.campaigns.schedule(EDITOR, a.id, new Date(Date.now() + 3600_000));
    await svc.runtime.campaigns.cancel(EDITOR, a.id);
    const cancelled = await svc.runtime.store.announcements.get(a.id);
    expect(cancelled?.status).toBe('cancelled');
    expect(await svc.runtime.store.announcements.counts(a.id)).toMatchObject({ pending: 0, sent: 0 });
    for (let u = 85000; u < 85005; u++) expect(delivered(String(u))).toBe(0);
  });
});

describe('a restart in the middle of a campaign (embedded store)', () => {
  it('resumes after a graceful restart: every subscriber gets the message exactly once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cz-campaign-restart-'));
    try {
      const first = await startTestService(env({ DATA_DIR: dataDir, CAMPAIGN_RATE_TELEGRAM: '10' }));
      const users = await seedSubscribers(first.runtime.store, { first: 86000, count: 25, topics: ['events'] });
      const id = await announce(first, 'events');
      await until('a few sends', () => users.filter((u) => delivered(u) > 0).length, (n) => n >= 5);
      await first.close();
      const before = users.filter((u) => delivered(u) > 0).length;
      expect(before).toBeLessThan(25);

      const second = await startTestService(env({ DATA_DIR: dataDir, CAMPAIGN_RATE_TELEGRAM: '50' }));
      try {
        const a = await finished(second.runtime.store, id);
        expect(a.status).toBe('sent');
        expect(a.totals).toMatchObject({ sent: 25, unconfirmed: 0, failed: 0 });
        for (const u of users) expect(delivered(u)).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('after a crash, marks what was being sent as unconfirmed and does not send it again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cz-campaign-crash-'));
    try {
      const svc = await startTestService(env({ DATA_DIR: dataDir }));
      const users = await seedSubscribers(svc.runtime.store, { first: 87000, count: 4, topics: ['czech'] });
      // A process that died between taking a recipient and recording the outcome leaves this behind.
      const now = new Date();
      const a = await svc.runtime.campaigns.create(EDITOR, { name: 'crash', texts: { en: 'Crash test' }, topics: ['czech'] });
      await svc.runtime.store.announcements.transition(a.id, ['draft'], 'sending', { startedAt: now.toISOString() });
      await svc.runtime.store.announcements.addDeliveries(
        users.map((u) => ({ announcementId: a.id, key: `telegram:${u}`, address: { channel: 'telegram', thread: u, user: u }, lang: 'en', status: 'pending', attempts: 0, nextAt: new Date(now.getTime() + 3600_000).toISOString(), updatedAt: now.toISOString(), error: null })),
      );
      await svc.runtime.store.announcements.claim(a.id, `telegram:${users[0] ?? ''}`, now);
      await svc.close();

      const after = await startTestService(env({ DATA_DIR: dataDir }));
      try {
        expect((await after.runtime.store.announcements.getDelivery(a.id, `telegram:${users[0] ?? ''}`))?.status).toBe('unconfirmed');
        // The others were waiting for a later time: make them due, and the job resumes.
        for (const u of users.slice(1)) {
          await after.runtime.store.announcements.claim(a.id, `telegram:${u}`, now);
          await after.runtime.store.announcements.finish(a.id, `telegram:${u}`, { status: 'pending', error: null, nextAt: new Date().toISOString() }, now);
        }
        const done = await finished(after.runtime.store, a.id);
        expect(done.totals).toMatchObject({ sent: 3, unconfirmed: 1 });
        expect(delivered(users[0] ?? '')).toBe(0);
        for (const u of users.slice(1)) expect(delivered(u)).toBe(1);
        const view = await after.runtime.campaigns.view(a.id);
        expect(view.errors).toEqual([{ status: 'unconfirmed', error: 'the service stopped while this was being sent', count: 1 }]);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
