import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KbEntry } from '../../src/core/knowledge.js';
import { addStaff, loginAs, type StaffClient } from '../support/staff.js';
import { REDIS_URL, startTestService, uniquePrefix, type TestService } from '../support/runtime.js';
import { say, texts } from '../support/webchat-client.js';
import { connectRedis } from '../../adapters/store-redis/client.js';

/** The editors' knowledge-base API through app.inject, on a real runtime (SQLite, and Redis for two instances). */
const dataDir = mkdtempSync(join(tmpdir(), 'cz-admin-kb-'));
let svc: TestService;
let eva: StaffClient;

const ENTRY = 'czech.courses';

async function inject(method: 'GET' | 'POST' | 'PUT', url: string, c: StaffClient | null, payload?: object, csrf = true) {
  const headers: Record<string, string> = {};
  if (c) headers.cookie = `cz_staff=${c.cookie}`;
  if (c && csrf) headers['x-csrf-token'] = c.csrf;
  const res = await svc.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

async function current(id = ENTRY): Promise<{ entry: KbEntry; revision: number }> {
  const r = await inject('GET', `/api/admin/kb/entries/${id}`, eva);
  const summary = r.body.summary as { revision: number };
  return { entry: r.body.entry as KbEntry, revision: summary.revision };
}

function withUkAnswer(e: KbEntry, answer: string): KbEntry {
  const uk = e.translations.uk;
  if (!uk) throw new Error('no uk');
  return { ...e, translations: { ...e.translations, uk: { ...uk, answer } } };
}

beforeAll(async () => {
  svc = await startTestService({ DATA_DIR: dataDir });
  await addStaff(svc.runtime, 'eva@example.org', 'editor', { name: 'Eva' });
  await addStaff(svc.runtime, 'olena@example.org', 'staff', { name: 'Olena' });
  await addStaff(svc.runtime, 'ada@example.org', 'admin', { name: 'Ada' });
  eva = await loginAs(svc.app, 'eva@example.org');
});
afterAll(async () => {
  await svc?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the editors API: who may use it', () => {
  const routes: [method: 'GET' | 'POST' | 'PUT', url: string, payload?: object][] = [
    ['GET', '/api/admin/kb/entries'],
    ['GET', `/api/admin/kb/entries/${ENTRY}`],
    ['PUT', `/api/admin/kb/entries/${ENTRY}`, { entry: {}, expectedLatest: 0 }],
    ['POST', '/api/admin/kb/entries', { entry: {} }],
    ['POST', `/api/admin/kb/entries/${ENTRY}/remove`, { expectedLatest: 0 }],
    ['GET', `/api/admin/kb/entries/${ENTRY}/history`],
    ['GET', '/api/admin/kb/revisions/none'],
    ['POST', `/api/admin/kb/entries/${ENTRY}/rollback`, { target: 'baseline' }],
    ['POST', '/api/admin/kb/preview', { text: 'x' }],
    ['POST', '/api/admin/kb/try', { text: 'x' }],
    ['GET', '/api/admin/review'],
    ['POST', '/api/admin/review/variant', { keys: ['0123456789abcdef'], entry: ENTRY, lang: 'uk', question: 'xx' }],
    ['POST', '/api/admin/review/dismiss', { keys: ['0123456789abcdef'] }],
    ['GET', '/api/admin/insights'],
    ['GET', '/api/admin/insights.csv'],
  ];

  it('answers 401 without a session, 403 to staff, and 403 to an editor without the CSRF token on a change', async () => {
    const olena = await loginAs(svc.app, 'olena@example.org');
    for (const [method, url, payload] of routes) {
      expect((await inject(method, url, null, payload)).status, `${method} ${url} without a session`).toBe(401);
      expect((await inject(method, url, olena, payload)).status, `${method} ${url} as staff`).toBe(403);
      if (method !== 'GET') expect((await inject(method, url, eva, payload, false)).status, `${method} ${url} without CSRF`).toBe(403);
    }
    const ada = await loginAs(svc.app, 'ada@example.org');
    expect((await inject('GET', '/api/admin/kb/entries', ada)).status).toBe(200);
  });
});

describe('editing an entry', () => {
  it('lists every entry with its flags, and finds one by words of any language', async () => {
    const all = await inject('GET', '/api/admin/kb/entries', eva);
    const entries = all.body.entries as { id: string; missing: string[]; attention: boolean }[];
    expect(entries.length).toBe(svc.runtime.knowledge.size);
    const found = await inject('GET', `/api/admin/kb/entries?q=${encodeURIComponent('курси чеської')}`, eva);
    expect((found.body.entries as { id: string }[]).map((e) => e.id)).toContain(ENTRY);
  });

  it('saves the Ukrainian answer as a revision that the web chat answers with at once, and restores the shipped text', async () => {
    const { entry, revision } = await current();
    const original = entry.translations.uk?.answer ?? '';
    const q = entry.translations.uk?.questions[0] ?? '';
    const changed = `**Нова відповідь редактора: курси чеської щосереди.**\n\n${original}`;
    const saved = await inject('PUT', `/api/admin/kb/entries/${ENTRY}`, eva, { entry: withUkAnswer(entry, changed), expectedLatest: revision });
    expect(saved.status).toBe(200);
    const rev = saved.body.revision as { seq: number; summary: string; id: string };
    expect(rev.summary).toBe('uk: answer');
    expect(texts((await say(svc.app, 'kb-visitor-1', { text: q })).replies)).toContain('Нова відповідь редактора');

    const history = await inject('GET', `/api/admin/kb/entries/${ENTRY}/history`, eva);
    expect((history.body.revisions as { seq: number; actorName: string }[])[0]).toMatchObject({ seq: rev.seq, actorName: 'Eva' });
    const diff = await inject('GET', `/api/admin/kb/revisions/${rev.id}`, eva);
    const d = (diff.body.diffs as { path: string; type: string; ops: { op: string; text: string }[] }[])[0];
    expect(d?.path).toBe('translations.uk.answer');
    expect(d?.ops.filter((o) => o.op === '+').map((o) => o.text).join('')).toContain('Нова відповідь редактора');
    expect(d?.ops.some((o) => o.op === '-')).toBe(false);

    const back = await inject('POST', `/api/admin/kb/entries/${ENTRY}/rollback`, eva, { target: 'baseline' });
    expect(back.status).toBe(200);
    expect((back.body.revision as { summary: string }).summary).toMatch(/^restored the shipped file/);
    const reply = texts((await say(svc.app, 'kb-visitor-2', { text: q })).replies);
    expect(reply).not.toContain('Нова відповідь редактора');
    expect(reply).toContain(original.split('\n')[0]?.replace(/\*\*/g, '').slice(0, 30));
    const audit = await svc.runtime.store.audit.list({ target: ENTRY });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['kb-save', 'kb-rollback']));
  });

  it('refuses an invalid entry with 400 and the list of its problems, and saves nothing', async () => {
    const { entry, revision } = await current();
    const bad = { ...withUkAnswer(entry, 'short'), reviewed: 'yesterday', sources: [] };
    const res = await inject('PUT', `/api/admin/kb/entries/${ENTRY}`, eva, { entry: bad, expectedLatest: revision });
    expect(res.status).toBe(400);
    const problems = res.body.problems as string[];
    expect(problems.some((p) => p.startsWith('translations/uk/answer'))).toBe(true);
    expect(problems.some((p) => p.startsWith('reviewed'))).toBe(true);
    expect(problems.some((p) => p.startsWith('sources'))).toBe(true);
    expect((await current()).revision).toBe(revision);
  });

  it('refuses a save over a revision made since the editor opened the entry (409)', async () => {
    const { entry, revision } = await current();
    const first = await inject('PUT', `/api/admin/kb/entries/${ENTRY}`, eva, { entry: withUkAnswer(entry, `${entry.translations.uk?.answer ?? ''}\n\nПерший.`), expectedLatest: revision });
    expect(first.status).toBe(200);
    const second = await inject('PUT', `/api/admin/kb/entries/${ENTRY}`, eva, { entry: withUkAnswer(entry, `${entry.translations.uk?.answer ?? ''}\n\nДругий.`), expectedLatest: revision });
    expect(second.status).toBe(409);
    expect((await current()).entry.translations.uk?.answer).toContain('Перший.');
  });

  it('flags translations older than the Czech text, and clears the flag for the languages the editor checked', async () => {
    const { entry, revision } = await current();
    const cs = entry.translations.cs;
    if (!cs) throw new Error('no cs');
    const edited: KbEntry = { ...entry, translations: { ...entry.translations, cs: { ...cs, answer: `${cs.answer}\n\nNově i v sobotu.` } } };
    const saved = await inject('PUT', `/api/admin/kb/entries/${ENTRY}`, eva, { entry: edited, expectedLatest: revision, stamp: ['uk'] });
    expect(saved.status).toBe(200);
    expect((saved.body.summary as { stale: string[] }).stale).toEqual(['en', 'ru', 'vi']);
    const listed = (await inject('GET', '/api/admin/kb/entries', eva)).body.entries as { id: string; stale: string[]; attention: boolean }[];
    expect(listed.find((e) => e.id === ENTRY)).toMatchObject({ stale: ['en', 'ru', 'vi'], attention: true });
  });

  it('lists expired entries first, then those whose review is overdue', async () => {
    for (const [id, patch] of [['health.insurance', { validUntil: '2020-01-31' }], ['work.permit', { reviewed: '2019-05-01' }]] as const) {
      const { entry, revision } = await current(id);
      expect((await inject('PUT', `/api/admin/kb/entries/${id}`, eva, { entry: { ...entry, ...patch }, expectedLatest: revision })).status).toBe(200);
    }
    const entries = (await inject('GET', '/api/admin/kb/entries', eva)).body.entries as { id: string; expired: boolean; reviewOverdue: boolean }[];
    expect(entries[0]).toMatchObject({ id: 'health.insurance', expired: true });
    expect(entries[1]).toMatchObject({ id: 'work.permit', reviewOverdue: true });
  });

  it('creates a new entry that the bot answers with, and refuses the same id twice', async () => {
    const entry: KbEntry = {
      id: 'centre.bicycles',
      topic: 'centre',
      escalate: false,
      reviewed: '2026-11-20',
      validUntil: null,
      sources: [{ url: 'https://www.cizincijmk.cz/', title: 'Centrum pro cizince JMK' }],
      translations: {
        en: { title: 'Bicycle parking', questions: ['Where can I park my bicycle at the Centre?', 'bicycle parking centre', 'Is there a bike rack?'], keywords: ['bicycle', 'bike rack'], answer: '**There is a bike rack by the entrance of the Centre.** Lock your bicycle there.' },
      },
    };
    const created = await inject('POST', '/api/admin/kb/entries', eva, { entry });
    expect(created.status).toBe(201);
    expect(svc.runtime.knowledge.decide('Where can I park my bicycle at the Centre?', { hint: 'en' })).toMatchObject({ action: 'answer', entry: 'centre.bicycles' });
    expect((await inject('POST', '/api/admin/kb/entries', eva, { entry })).status).toBe(409);
    const removed = await inject('POST', '/api/admin/kb/entries/centre.bicycles/remove', eva, { expectedLatest: (created.body.summary as { revision: number }).revision });
    expect(removed.status).toBe(200);
    expect(svc.runtime.knowledge.entry('centre.bicycles')).toBeUndefined();
  });

  it('previews an answer as each channel shows it, cut to its size', async () => {
    const text = `**Bold** and [a link](https://www.mvcr.cz/) <b>not a tag</b>\n\n- one\n- two\n\n${'long words '.repeat(500)}`;
    const res = await inject('POST', '/api/admin/kb/preview', eva, { text });
    const channels = res.body.channels as { channel: string; parts: string[]; markup: string; enabled: boolean }[];
    expect(channels.map((c) => c.channel)).toEqual(['webchat', 'telegram', 'whatsapp', 'botframework']);
    const telegram = channels.find((c) => c.channel === 'telegram');
    expect(telegram?.parts[0]).toContain('<b>Bold</b>');
    expect(telegram?.parts[0]).toContain('&lt;b&gt;not a tag&lt;/b&gt;');
    expect(telegram?.parts.length).toBe(2);
    expect(channels.find((c) => c.channel === 'whatsapp')?.parts[0]).toContain('*Bold* and a link: https://www.mvcr.cz/');
    expect(channels.find((c) => c.channel === 'webchat')).toMatchObject({ enabled: true, parts: [text] });
  });

  it('shows what the bot would do with a question, and why', async () => {
    const q = svc.runtime.knowledge.entry('residence.permanent')?.translations.uk?.questions[0] ?? '';
    const res = await inject('POST', '/api/admin/kb/try', eva, { text: q });
    expect(res.body).toMatchObject({ action: 'answer', entry: 'residence.permanent', lang: 'uk' });
    const candidates = res.body.candidates as { entry: string; score: number; title: string }[];
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates[0]?.title).toBe(svc.runtime.knowledge.title(candidates[0]?.entry ?? '', 'uk'));
    expect(String(res.body.reply)).toBe(svc.runtime.knowledge.answer('residence.permanent', 'uk', new Date())?.text);
    const none = await inject('POST', '/api/admin/kb/try', eva, { text: 'qwzx vbnm plokij' });
    expect(none.body.action).toBe('fallback');
  });

  it('keeps editors\' revisions over the shipped files across a restart', async () => {
    const { entry, revision } = await current();
    const marker = 'Після перезапуску теж.';
    expect((await inject('PUT', `/api/admin/kb/entries/${ENTRY}`, eva, { entry: withUkAnswer(entry, `${entry.translations.uk?.answer ?? ''}\n\n${marker}`), expectedLatest: revision })).status).toBe(200);
    await svc.close();
    svc = await startTestService({ DATA_DIR: dataDir });
    eva = await loginAs(svc.app, 'eva@example.org');
    expect(svc.runtime.knowledge.answer(ENTRY, 'uk', new Date())?.text).toContain(marker);
    expect(svc.runtime.knowledge.entry('centre.bicycles')).toBeUndefined();
  });
});

describe('several instances sharing Redis', () => {
  it('a change saved on one instance reaches the matcher of the other at once', async () => {
    const prefix = uniquePrefix('admin-kb');
    const env = { REDIS_URL, REDIS_PREFIX: prefix };
    const a = await startTestService(env);
    const b = await startTestService(env);
    try {
      await addStaff(a.runtime, 'eva@example.org', 'editor', { name: 'Eva' });
      const client = await loginAs(a.app, 'eva@example.org');
      const got = await a.app.inject({ method: 'GET', url: `/api/admin/kb/entries/${ENTRY}`, headers: { cookie: `cz_staff=${client.cookie}` } });
      const entry = (got.json() as { entry: KbEntry }).entry;
      const marker = 'Відповідь з іншого екземпляра.';
      const res = await a.app.inject({
        method: 'PUT',
        url: `/api/admin/kb/entries/${ENTRY}`,
        headers: { cookie: `cz_staff=${client.cookie}`, 'x-csrf-token': client.csrf },
        payload: { entry: withUkAnswer(entry, `${marker}\n\n${entry.translations.uk?.answer ?? ''}`), expectedLatest: 0 },
      });
      expect(res.statusCode).toBe(200);
      await vi.waitFor(() => expect(b.runtime.knowledge.answer(ENTRY, 'uk', new Date())?.text).toContain(marker), { timeout: 5000, interval: 20 });
      expect(b.runtime.kb.head).toBe(a.runtime.kb.head);
    } finally {
      await a.close();
      await b.close();
      const redis = await connectRedis(REDIS_URL);
      for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
      await redis.quit();
    }
  });
});
