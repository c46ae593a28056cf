import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.js';
import type { JournalEntry } from '../../src/core/journal.js';
import type { HandoffPolicy } from '../../src/conversation/turn.js';
import { createHandoffPolicy } from '../../src/handoff/policy.js';
import { startBotApiStub, pushUpdate, telegramEnv, textUpdate, type BotApiStub } from '../support/bot-api-stub.js';
import { ended as exited, startNodeServer as startServer, type NodeServer } from '../support/node-server.js';
import { startTestService } from '../support/runtime.js';
import { say } from '../support/webchat-client.js';

const QUESTION = 'How do I sign up for a free Czech course?';
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cz-crash-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** What the (stopped) service left in its file. */
async function inspect(dataDir: string, conversationId: string) {
  const store = openSqliteStore(join(dataDir, 'assistant.sqlite'));
  try {
    return { journal: await store.journal.list(), messages: await store.conversations.messages(conversationId), conversation: await store.conversations.get(conversationId) };
  } finally {
    await store.close();
  }
}

describe('a crash between receiving and answering (real processes, SQLite)', () => {
  let stub: BotApiStub;
  beforeAll(async () => {
    stub = await startBotApiStub();
  });
  afterEach(() => stub.release());
  afterAll(async () => {
    await stub.close();
  });

  it('answers, after a restart, a message whose process was killed (SIGKILL) while its reply was being sent: once', { timeout: 300_000 }, async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir, ...telegramEnv(stub) };
    stub.hold();
    const first = await startServer(env);
    let second: NodeServer | null = null;
    try {
      const pending = pushUpdate(first.url, textUpdate(9001, 5001, QUESTION)).catch(() => null);
      await stub.waitFor('the reply to be on its way', () => stub.held.some((m) => m.chatId === '5001'));
      const expected = stub.held.find((m) => m.chatId === '5001')?.text ?? '';
      first.child.kill('SIGKILL');
      await exited(first.child);
      await pending;
      stub.release();
      expect(stub.sentTo(5001)).toEqual([]);

      second = await startServer(env);
      await stub.waitFor('the answer after the restart', () => stub.sentTo(5001).length > 0);
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
      expect(stub.sentTo(5001).map((m) => m.text)).toEqual([expected]);
      const left = await inspect(dataDir, 'telegram:5001');
      expect(left.journal).toEqual([]);
      expect(left.messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual([QUESTION]);
      expect(left.messages.filter((m) => m.role === 'bot').map((m) => m.delivery?.status)).toEqual(['sent']);
      expect(second.output()).toContain('"msg":"unanswered message recovered"');
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGKILL');
    }
  });

  it('finishes a turn in flight on SIGTERM before it exits (graceful shutdown)', { timeout: 200_000 }, async () => {
    const dataDir = tempDir();
    stub.hold();
    const srv = await startServer({ DATA_DIR: dataDir, ...telegramEnv(stub) });
    try {
      const pending = pushUpdate(srv.url, textUpdate(9002, 5002, QUESTION));
      await stub.waitFor('the reply to be on its way', () => stub.held.some((m) => m.chatId === '5002'));
      srv.child.kill('SIGTERM');
      await stub.waitFor('the shutdown to begin', () => srv.output().includes('shutting down: finishing turns in flight'));
      stub.release();
      expect((await pending).status).toBe(200);
      expect(await exited(srv.child)).toBe(0);
      const left = await inspect(dataDir, 'telegram:5002');
      expect(left.journal).toEqual([]);
      expect(left.messages.filter((m) => m.role === 'bot').map((m) => m.delivery?.status)).toEqual(['sent']);
    } finally {
      srv.child.kill('SIGKILL');
    }
  });
});

describe('the journal sweep (a runtime over a file a crashed process left)', () => {
  const entry = (visitor: string, attempts: number): JournalEntry => ({
    key: `webchat:${visitor}:m1`,
    owner: 'a-process-that-crashed',
    receivedAt: new Date(Date.now() - 5000).toISOString(),
    leaseUntil: new Date(Date.now() + 60_000).toISOString(),
    attempts,
    inbound: { id: `${visitor}:m1`, address: { channel: 'webchat', thread: visitor, user: visitor }, content: { type: 'text', text: QUESTION }, at: new Date(Date.now() - 5000).toISOString() },
    planned: null,
  });
  async function leave(dataDir: string, e: JournalEntry): Promise<void> {
    const store = openSqliteStore(join(dataDir, 'assistant.sqlite'));
    await store.journal.begin(e);
    await store.close();
  }

  it('runs again, at start, a message received but not yet saved, as if it had just come', async () => {
    const dataDir = tempDir();
    await leave(dataDir, entry('replay-visitor-1', 1));
    const svc = await startTestService({ DATA_DIR: dataDir });
    try {
      await vi.waitFor(async () => expect(await svc.runtime.store.journal.list()).toEqual([]), { timeout: 10_000, interval: 50 });
      const messages = await svc.runtime.store.conversations.messages('webchat:replay-visitor-1');
      expect(messages.map((m) => m.role)).toEqual(['user', 'bot']);
      expect(messages[1]).toMatchObject({ entry: 'czech.courses', delivery: { status: 'sent' } });
    } finally {
      await svc.close();
    }
  });

  it('hands a message that failed three times to staff: queued with the reason, the message and a note, and the user told', async () => {
    const dataDir = tempDir();
    await leave(dataDir, entry('failing-visitor-1', 3));
    const svc = await startTestService({ DATA_DIR: dataDir });
    try {
      await vi.waitFor(async () => expect(await svc.runtime.store.journal.list()).toEqual([]), { timeout: 10_000, interval: 50 });
      const c = await svc.runtime.store.conversations.get('webchat:failing-visitor-1');
      expect(c).toMatchObject({ status: 'waiting', escalation: 'failed' });
      const messages = await svc.runtime.store.conversations.messages('webchat:failing-visitor-1');
      expect(messages.map((m) => [m.role, m.role === 'user' ? m.text : m.action ?? null])).toEqual([
        ['user', QUESTION],
        ['system', null],
        ['bot', 'escalate'],
      ]);
      const [audit] = await svc.runtime.store.audit.list({ target: 'webchat:failing-visitor-1' });
      expect(audit).toMatchObject({ actor: 'system', action: 'turn-failed' });
    } finally {
      await svc.close();
    }
  });

  it('retries a turn that failed (the redelivery would be a duplicate) and answers it', async () => {
    const dataDir = tempDir();
    let failures = 1;
    let real: HandoffPolicy | null = null;
    const flaky: HandoffPolicy = {
      whenText: (lang, now) => real?.whenText(lang, now) ?? '',
      async route(c) {
        if (failures-- > 0 || !real) throw new Error('routing failed');
        return real.route(c);
      },
    };
    const svc = await startTestService({ DATA_DIR: dataDir }, { handoff: flaky, recovery: { intervalMs: 100 } });
    real = createHandoffPolicy(svc.config.handoff, svc.runtime.store, svc.runtime.i18n);
    try {
      // A crisis hands over at once, which asks the (failing) routing.
      const res = await say(svc.app, 'retry-visitor-1', { text: 'my husband beats me', id: 'crisis-1' });
      expect(res.status).toBe(500);
      expect((await say(svc.app, 'retry-visitor-1', { text: 'my husband beats me', id: 'crisis-1' })).duplicate).toBe(true);
      await vi.waitFor(async () => expect(await svc.runtime.store.conversations.get('webchat:retry-visitor-1')).toMatchObject({ status: 'waiting', escalation: 'crisis' }), { timeout: 10_000, interval: 50 });
      await vi.waitFor(async () => expect(await svc.runtime.store.journal.list()).toEqual([]), { timeout: 10_000, interval: 50 });
    } finally {
      await svc.close();
    }
  });
});
