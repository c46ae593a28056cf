import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.js';
import type { Announcement } from '../../src/core/campaigns.js';
import { seedSubscribers, until } from '../support/campaigns.js';
import { exited, startServer } from '../support/processes.js';
import { startTelegramPeer, TEST_BOT_TOKEN, type TelegramPeer } from '../support/telegram-peer.js';

/**
 * The real service (src/server.ts) killed with SIGKILL in the middle of a campaign, then started
 * again on the same SQLite file. Whatever instant the kill lands on: nobody gets the message twice,
 * every recipient ends sent or unconfirmed (at most the sends in flight), and the rest are sent.
 */
let peer: TelegramPeer;
let dataDir: string;
beforeAll(async () => {
  peer = await startTelegramPeer();
  dataDir = mkdtempSync(join(tmpdir(), 'cz-campaign-kill-'));
});
afterAll(async () => {
  await peer?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a crash in the middle of a campaign (embedded store, real processes)', () => {
  it('neither repeats a message nor loses one silently', async () => {
    const file = join(dataDir, 'assistant.sqlite');
    const setup = openSqliteStore(file);
    const users = await seedSubscribers(setup, { first: 97000, count: 20, topics: ['events'] });
    const now = new Date().toISOString();
    const announcement: Announcement = {
      id: 'crash-1',
      name: 'crash',
      texts: { en: 'Open day on Saturday.' },
      topics: ['events'],
      status: 'scheduled',
      scheduledAt: now,
      createdBy: 'editor',
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
      totals: null,
    };
    await setup.announcements.create(announcement);
    await setup.close();

    const env = { DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: peer.apiRoot, CAMPAIGN_POLL_MS: '50', CAMPAIGN_RATE_TELEGRAM: '5' };
    const delivered = () => users.filter((u) => peer.botMessages(Number(u)).length > 0).length;
    const first = await startServer(env);
    await until('a few sends', delivered, (n) => n >= 4, 30_000);
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(delivered()).toBeLessThan(20);

    const second = await startServer({ ...env, CAMPAIGN_RATE_TELEGRAM: '50' });
    const reader = openSqliteStore(file);
    try {
      const done = await until('the campaign to finish', () => reader.announcements.get('crash-1'), (a) => a?.finishedAt != null, 30_000);
      const totals = done?.totals;
      expect(totals?.sent ?? 0).toBeGreaterThanOrEqual(16);
      expect((totals?.sent ?? 0) + (totals?.unconfirmed ?? 0)).toBe(20);
      // Only what was in flight at the kill can be unconfirmed (CAMPAIGN_CONCURRENCY is 4).
      expect(totals?.unconfirmed ?? 0).toBeLessThanOrEqual(4);
      for (const u of users) {
        const got = peer.botMessages(Number(u)).length;
        expect(got).toBeLessThanOrEqual(1);
        const d = await reader.announcements.getDelivery('crash-1', `telegram:${u}`);
        if (d?.status === 'sent') expect(got).toBe(1);
        else expect(d?.status).toBe('unconfirmed');
      }
    } finally {
      await reader.close();
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  }, 90_000);
});
