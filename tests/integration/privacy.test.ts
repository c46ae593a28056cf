import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UserRef } from '../../src/core/user-data.js';
import { auditRef } from '../../src/privacy/user-data.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { addStaff, loginAs } from '../support/staff.js';
import { say } from '../support/webchat-client.js';

const POLICY = 'https://www.example.org/ochrana-osobnich-udaju';
const DAY = 24 * 3600 * 1000;

let svc: TestService;
// Near the real time: staff sessions expire by the wall clock.
const START = Date.now();
let now = new Date(START);
/** Stands for one more feature that keeps something about a user (campaign subscriptions are registered by the runtime). */
const subscribed = new Set<string>();
const key = (u: UserRef): string => `${u.channel}:${u.user}`;

beforeAll(async () => {
  svc = await startTestService({ PRIVACY_NOTICE: 'on', PRIVACY_POLICY_URL: POLICY, RETENTION_DAYS: '30' }, { clock: () => now });
  svc.runtime.privacy.register({
    name: 'reminders',
    erase: async (u) => Number(subscribed.delete(key(u))),
    export: async (u) => (subscribed.has(key(u)) ? [{ topic: 'czech-courses' }] : []),
  });
  await addStaff(svc.runtime, 'desk@example.org', 'staff', { teams: [] });
  await addStaff(svc.runtime, 'legal@example.org', 'staff', { teams: ['legal'] });
  await addStaff(svc.runtime, 'editor@example.org', 'editor');
});
afterAll(async () => {
  await svc.close();
});

const textOf = (c: { type: string; text?: string; value?: string }): string => c.text ?? c.value ?? '';

describe('the notice at first contact', () => {
  it('tells a new user, in their language and before anything else, what is kept, how long, who reads it and where the policy is: once', async () => {
    const first = await say(svc.app, 'notice-uk-visitor', { text: 'Як записатися на безкоштовний курс чеської мови?' });
    const t = svc.runtime.i18n;
    expect(first.replies[0]).toEqual({
      type: 'choice',
      text: `${t.t('uk', 'privacy.notice', { days: 30 })}\n\n${t.t('uk', 'privacy.policy', { url: POLICY })}`,
      options: [{ label: t.t('uk', 'commandMenu.forget'), value: 'forget' }],
    });
    expect(textOf(first.replies[0] ?? { type: 'text' })).toContain('30');
    // The question is still answered in the same turn.
    expect(first.replies.length).toBeGreaterThan(1);
    const second = await say(svc.app, 'notice-uk-visitor', { text: 'А скільки це коштує?' });
    expect(second.replies.map(textOf).join('\n')).not.toContain(t.t('uk', 'privacy.notice', { days: 30 }));
  });

  it('speaks the language of the first message', async () => {
    const first = await say(svc.app, 'notice-vi-visitor', { text: 'Tôi muốn gia hạn thẻ cư trú dài hạn' });
    expect(textOf(first.replies[0] ?? { type: 'text' })).toContain(svc.runtime.i18n.t('vi', 'privacy.notice', { days: 30 }));
  });
});

describe('forget me', () => {
  it('erases the user\'s conversations, feedback and every registered part after a confirmation, audited under a pseudonym', async () => {
    const visitor = 'forget-me-visitor-1';
    const user = { channel: 'webchat' as const, user: visitor };
    subscribed.add(key(user));
    await say(svc.app, visitor, { text: 'How do I sign up for a free Czech course?' });
    const at = new Date().toISOString();
    await svc.runtime.store.subscriptions.save({ channel: 'webchat', user: visitor, address: { channel: 'webchat', thread: visitor, user: visitor }, topics: ['czech'], lang: 'en', createdAt: at, updatedAt: at });
    const answer = (await svc.runtime.store.conversations.messages(`webchat:${visitor}`)).find((m) => m.role === 'bot' && m.entry);
    expect(answer).toBeDefined();
    const rated = await svc.app.inject({ method: 'POST', url: '/api/webchat/feedback', payload: { visitor, message: answer?.id, value: 'helpful' } });
    expect(rated.statusCode).toBe(204);

    // The button of the notice and the command do the same: ask first.
    const pressed = await say(svc.app, visitor, { postback: 'forget' });
    expect(pressed.replies[0]).toMatchObject({ type: 'choice', options: [{ value: 'forget:yes' }, { value: 'forget:no' }] });
    const asked = await say(svc.app, visitor, { text: '/forget' });
    expect(asked.replies[0]).toMatchObject({ type: 'choice', options: [{ value: 'forget:yes' }, { value: 'forget:no' }] });
    // Nothing is erased before the confirmation.
    expect(await svc.runtime.store.conversations.byUser('webchat', visitor)).toHaveLength(1);
    const done = await say(svc.app, visitor, { postback: 'forget:yes' });
    expect(done.replies.map(textOf)).toEqual([svc.runtime.i18n.t('en', 'forget.done')]);

    expect(await svc.runtime.store.conversations.byUser('webchat', visitor)).toEqual([]);
    expect(await svc.runtime.store.conversations.messages(`webchat:${visitor}`)).toEqual([]);
    expect(subscribed.has(key(user))).toBe(false);
    const [event] = (await svc.runtime.store.audit.list({ target: auditRef(user) })).filter((e) => e.action === 'forget');
    expect(event).toMatchObject({ actor: 'user', details: { channel: 'webchat', conversations: 1, subscriptions: 1, reminders: 1 } });
    expect(await svc.runtime.store.subscriptions.get('webchat', visitor)).toBeNull();
    expect(JSON.stringify(event)).not.toContain(visitor);

    // A new first contact: the notice again, and a fresh conversation.
    const again = await say(svc.app, visitor, { text: 'hello' });
    expect(textOf(again.replies[0] ?? { type: 'text' })).toContain(svc.runtime.i18n.t('en', 'privacy.notice', { days: 30 }));
  });
});

describe('staff: export and erase a user\'s data on request', () => {
  const ROUTES: [('GET' | 'POST'), string][] = [
    ['GET', '/api/staff/conversations/webchat:x/export'],
    ['POST', '/api/staff/conversations/webchat:x/forget'],
  ];

  it('refuses both without a session (401), to an editor (403), and a state change without the CSRF token (403)', async () => {
    for (const [method, url] of ROUTES) {
      const res = await svc.app.inject({ method, url, ...(method === 'POST' ? { payload: { confirm: true } } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
    const editor = await loginAs(svc.app, 'editor@example.org');
    expect((await editor.get(ROUTES[0]?.[1] ?? '')).status).toBe(403);
    expect((await editor.post(ROUTES[1]?.[1] ?? '', { confirm: true })).status).toBe(403);
    await say(svc.app, 'csrf-visitor-1', { text: 'hello' });
    const staff = await loginAs(svc.app, 'desk@example.org');
    const noCsrf = await svc.app.inject({ method: 'POST', url: '/api/staff/conversations/webchat:csrf-visitor-1/forget', headers: { cookie: `cz_staff=${staff.cookie}` }, payload: { confirm: true } });
    expect(noCsrf.statusCode).toBe(403);
    expect(await svc.runtime.store.conversations.get('webchat:csrf-visitor-1')).not.toBeNull();
  });

  it('keeps staff to the conversations they may open: another team\'s is 403, an unknown one 404, and erasing needs confirm: true', async () => {
    await say(svc.app, 'team-visitor-1', { text: 'hello' });
    const legal = await loginAs(svc.app, 'legal@example.org');
    expect((await legal.get('/api/staff/conversations/webchat:team-visitor-1/export')).status).toBe(403);
    expect((await legal.post('/api/staff/conversations/webchat:team-visitor-1/forget', { confirm: true })).status).toBe(403);
    const desk = await loginAs(svc.app, 'desk@example.org');
    expect((await desk.get('/api/staff/conversations/webchat:nobody-here/export')).status).toBe(404);
    expect((await desk.post('/api/staff/conversations/webchat:team-visitor-1/forget', {})).status).toBe(400);
    expect((await desk.post('/api/staff/conversations/webchat:team-visitor-1/forget', { confirm: false })).status).toBe(400);
    expect(await svc.runtime.store.conversations.get('webchat:team-visitor-1')).not.toBeNull();
  });

  it('exports everything about the user as a JSON attachment, then erases it, both audited with the staff member', async () => {
    const visitor = 'export-visitor-1';
    const user = { channel: 'webchat' as const, user: visitor };
    subscribed.add(key(user));
    await say(svc.app, visitor, { text: 'Mám dotaz k trvalému pobytu, volejte +420 602 123 456' });
    // A message of theirs still waiting to be answered (its turn is on another instance, or crashed).
    await svc.runtime.store.journal.begin({
      key: `webchat:${visitor}:late`,
      owner: 'another-instance',
      receivedAt: new Date().toISOString(),
      leaseUntil: new Date(Date.now() + 3600_000).toISOString(),
      attempts: 1,
      inbound: { id: `${visitor}:late`, address: { channel: 'webchat', thread: visitor, user: visitor }, content: { type: 'text', text: 'a jmenuji se Olena' }, at: new Date().toISOString() },
      planned: null,
    });
    const desk = await loginAs(svc.app, 'desk@example.org');
    const me = await desk.get('/api/staff/me');
    const staffId = (me.body.staff as { id: string }).id;

    const res = await svc.app.inject({ method: 'GET', url: `/api/staff/conversations/webchat:${visitor}/export`, headers: { cookie: `cz_staff=${desk.cookie}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="user-data-webchat-\d{4}-\d{2}-\d{2}\.json"$/);
    const body = res.json() as { user: UserRef; data: { conversations: { conversation: { id: string }; messages: { role: string; text: string }[] }[]; subscriptions: unknown; reminders: unknown[]; unanswered: { message: { content: { text: string } } }[] } };
    expect(body.user).toEqual(user);
    expect(body.data.conversations.map((c) => c.conversation.id)).toEqual([`webchat:${visitor}`]);
    // The right of access covers what the user wrote, unmasked: it is their own data.
    expect(body.data.conversations[0]?.messages.find((m) => m.role === 'user')?.text).toContain('+420 602 123 456');
    expect(body.data.reminders).toEqual([{ topic: 'czech-courses' }]);
    expect(body.data.subscriptions).toEqual({ subscription: null, announcements: [] });
    expect(body.data.unanswered.map((u) => u.message.content.text)).toEqual(['a jmenuji se Olena']);

    const erased = await desk.post(`/api/staff/conversations/webchat:${visitor}/forget`, { confirm: true });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ removed: { conversations: 1, unanswered: 1, subscriptions: 0, reminders: 1 } });
    // Nothing left that a later retry could write back.
    expect((await svc.runtime.store.journal.list()).filter((e) => e.inbound.address.user === visitor)).toEqual([]);
    expect(await svc.runtime.store.conversations.byUser('webchat', visitor)).toEqual([]);
    const events = await svc.runtime.store.audit.list({ target: auditRef(user) });
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['forget', staffId],
      ['export', staffId],
    ]);
    // Once erased, there is nothing left to export or erase.
    expect((await desk.get(`/api/staff/conversations/webchat:${visitor}/export`)).status).toBe(404);
  });
});

describe('retention', () => {
  it('deletes conversations not updated for RETENTION_DAYS, keeps the others, and audits the run; nothing while a beforeDelete hook fails', async () => {
    now = new Date(START - 40 * DAY);
    await say(svc.app, 'retention-old-1', { text: 'hello' });
    now = new Date(START - 20 * DAY);
    await say(svc.app, 'retention-new-1', { text: 'hello' });
    now = new Date(START);
    let kept: Date | null = null;
    let failing = true;
    svc.runtime.retention.beforeDelete(async (before) => {
      if (failing) throw new Error('aggregates not saved');
      kept = before;
    });
    await expect(svc.runtime.retention.runOnce()).rejects.toThrow('aggregates not saved');
    expect(await svc.runtime.store.conversations.get('webchat:retention-old-1')).not.toBeNull();
    failing = false;
    expect(await svc.runtime.retention.runOnce()).toBe(1);
    expect(kept).toEqual(new Date(now.getTime() - 30 * DAY));
    expect(await svc.runtime.store.conversations.get('webchat:retention-old-1')).toBeNull();
    expect(await svc.runtime.store.conversations.messages('webchat:retention-old-1')).toEqual([]);
    expect(await svc.runtime.store.conversations.get('webchat:retention-new-1')).not.toBeNull();
    const [audit] = (await svc.runtime.store.audit.list({ limit: 50 })).filter((e) => e.action === 'retention');
    expect(audit).toMatchObject({ actor: 'system', target: null, details: { conversations: 1, days: 30 } });
  });

  it('runs by itself soon after start', async () => {
    const later = new Date(now.getTime() + 100 * DAY);
    const restarted = await startTestService({ DATA_DIR: svc.dataDir, PRIVACY_NOTICE: 'on', RETENTION_DAYS: '30' }, { clock: () => later });
    try {
      await vi.waitFor(async () => expect(await restarted.runtime.store.conversations.get('webchat:retention-new-1')).toBeNull(), { timeout: 10_000, interval: 100 });
    } finally {
      await restarted.close();
    }
  });
});
