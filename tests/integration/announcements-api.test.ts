import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/runtime.js';
import { addStaff, loginAs, type StaffClient } from '../support/staff.js';
import { say } from '../support/webchat-client.js';

let svc: TestService;
let editor: StaffClient;
let staffMember: StaffClient;
let admin: StaffClient;

beforeAll(async () => {
  svc = await startTestService({ CAMPAIGN_POLL_MS: '50' });
  await addStaff(svc.runtime, 'editor@example.org', 'editor');
  await addStaff(svc.runtime, 'staff@example.org', 'staff');
  await addStaff(svc.runtime, 'admin@example.org', 'admin');
  editor = await loginAs(svc.app, 'editor@example.org');
  staffMember = await loginAs(svc.app, 'staff@example.org');
  admin = await loginAs(svc.app, 'admin@example.org');
});
afterAll(async () => {
  await svc?.close();
});

const draft = { name: 'December Czech courses', texts: { cs: 'Nové **kurzy češtiny** od ledna.', uk: 'Нові **курси чеської** з січня.' }, topics: ['czech'] };

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('announcements API: who may do what', () => {
  const routes: [string, string, Record<string, unknown> | undefined][] = [
    ['GET', '/api/staff/announcements', undefined],
    ['GET', '/api/staff/announcements/topics', undefined],
    ['POST', '/api/staff/announcements/preview', { texts: { cs: 'x' }, topics: ['czech'] }],
    ['POST', '/api/staff/announcements', draft],
    ['GET', '/api/staff/announcements/some-id', undefined],
    ['PUT', '/api/staff/announcements/some-id', draft],
    ['POST', '/api/staff/announcements/some-id/schedule', { at: '2030-01-01T09:00:00Z' }],
    ['POST', '/api/staff/announcements/some-id/send', undefined],
    ['POST', '/api/staff/announcements/some-id/unschedule', undefined],
    ['POST', '/api/staff/announcements/some-id/cancel', undefined],
  ];

  it('answers 401 without a session, 403 to the staff role, and 403 without the CSRF token', async () => {
    for (const [method, url, payload] of routes) {
      const anonymous = await svc.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      const wrongRole = await svc.app.inject({ method: method as 'GET', url, headers: { cookie: `cz_staff=${staffMember.cookie}`, 'x-csrf-token': staffMember.csrf }, ...(payload ? { payload } : {}) });
      expect(wrongRole.statusCode, `${method} ${url}`).toBe(403);
      if (method !== 'GET') {
        const noCsrf = await svc.app.inject({ method: method as 'POST', url, headers: { cookie: `cz_staff=${editor.cookie}` }, ...(payload ? { payload } : {}) });
        expect(noCsrf.statusCode, `${method} ${url}`).toBe(403);
      }
    }
    const page = await svc.app.inject({ method: 'GET', url: '/api/staff/announcements', headers: { cookie: `cz_staff=${admin.cookie}` } });
    expect(page.statusCode).toBe(200);
  });

  it('refuses unknown topics, overlong texts and bad times', async () => {
    expect((await editor.post('/api/staff/announcements', { ...draft, topics: ['football'] })).status).toBe(400);
    expect((await editor.post('/api/staff/announcements', { ...draft, texts: { cs: 'x'.repeat(3001) } })).status).toBe(400);
    // A language the bot does not speak is not kept (the schema strips it): only cs, en, uk, ru, vi.
    expect((await editor.post('/api/staff/announcements', { ...draft, texts: { de: 'Hallo' } })).body.announcement).toMatchObject({ texts: {} });
    const created = await editor.post('/api/staff/announcements', draft);
    const id = (created.body.announcement as { id: string }).id;
    expect((await editor.post(`/api/staff/announcements/${id}/schedule`, { at: 'tomorrow' })).status).toBe(400);
    expect((await editor.post(`/api/staff/announcements/${id}/schedule`, { at: '2030-01-01T09:00:00' })).status).toBe(400);
    expect((await editor.get('/api/staff/announcements/no-such-id')).status).toBe(404);
  });
});

describe('announcements: write, preview, send, follow', () => {
  it('lists the topics with their names and subscriber counts', async () => {
    await say(svc.app, 'ann-topics-1', { text: '/subscribe events' });
    const r = await editor.get('/api/staff/announcements/topics');
    const topics = r.body.topics as { id: string; labels: Record<string, string>; subscribers: number }[];
    expect(topics.map((t) => t.id)).toEqual(['centre', 'czech', 'events', 'residence']);
    expect(topics.find((t) => t.id === 'events')).toMatchObject({ labels: { cs: 'Akce', uk: 'Події' }, subscribers: 1 });
    expect(r.body.channels).toContain('webchat');
  });

  it('previews per language and channel, and says who would get which language', async () => {
    await say(svc.app, 'ann-prev-uk', { text: '/subscribe residence', lang: 'uk' });
    await say(svc.app, 'ann-prev-vi', { text: '/subscribe residence', lang: 'vi' });
    const r = await editor.post('/api/staff/announcements/preview', { texts: { uk: 'Зміни з **1 січня**. [Деталі](https://www.mvcr.cz/)' }, topics: ['residence'] });
    expect(r.status).toBe(200);
    const preview = r.body.preview as {
      texts: { lang: string; text: string }[];
      channels: { channel: string; text: string }[];
      audience: { total: number; byLang: { lang: string; gets: string | null }[] };
      warnings: string[];
    };
    expect(preview.texts[0]?.text).toContain('📢 **Зміни в правилах перебування**');
    expect(preview.texts[0]?.text).toContain('/unsubscribe');
    expect(preview.channels.find((c) => c.channel === 'webchat')?.text).toContain('[Деталі](https://www.mvcr.cz/)');
    expect(preview.audience.total).toBe(2);
    expect(preview.audience.byLang).toEqual(expect.arrayContaining([{ lang: 'vi', count: 1, gets: 'uk' }]));
    expect(preview.warnings.join('\n')).toContain('read Tiếng Việt, which is not written: they get the Українська text');
  });

  it('sends to every subscriber of the topics in their language, records it in their transcript, audits, and finishes', async () => {
    await say(svc.app, 'ann-send-cs', { text: 'Dobrý den, mám dotaz', lang: 'cs' });
    await say(svc.app, 'ann-send-cs', { postback: 'sub:czech' });
    await say(svc.app, 'ann-send-uk', { text: 'Добрий день, маю питання', lang: 'uk' });
    await say(svc.app, 'ann-send-uk', { text: '/subscribe czech' });
    await say(svc.app, 'ann-send-other', { text: '/subscribe events' });
    const created = await editor.post('/api/staff/announcements', draft);
    expect(created.status).toBe(201);
    const id = (created.body.announcement as { id: string; status: string }).id;
    const sent = await editor.post(`/api/staff/announcements/${id}/send`);
    expect(sent.status).toBe(200);
    const view = await until(
      'the announcement to finish',
      async () => (await editor.get(`/api/staff/announcements/${id}`)).body as { announcement: { status: string }; counts: Record<string, number>; progress: { total: number; done: number } },
      (v) => v.announcement.status === 'sent',
    );
    expect(view.counts).toMatchObject({ sent: 2, pending: 0, sending: 0, failed: 0 });
    expect(view.progress).toEqual({ total: 2, done: 2 });
    const cs = await svc.runtime.store.conversations.messages('webchat:ann-send-cs');
    expect(cs.at(-1)).toMatchObject({ role: 'bot', action: 'announcement', lang: 'cs' });
    expect(cs.at(-1)?.text).toContain('Nové **kurzy češtiny** od ledna.');
    const uk = await svc.runtime.store.conversations.messages('webchat:ann-send-uk');
    expect(uk.at(-1)?.text).toContain('Нові **курси чеської** з січня.');
    const other = await svc.runtime.store.conversations.messages('webchat:ann-send-other');
    expect(other.some((m) => m.action === 'announcement')).toBe(false);
    const audit = await svc.runtime.store.audit.list({ target: `announcement:${id}` });
    expect(audit.map((e) => e.action)).toEqual(['announcement-send', 'announcement-create']);
    // Sent is final: no second send, no edit.
    expect((await editor.post(`/api/staff/announcements/${id}/send`)).status).toBe(409);
    const edit = await svc.app.inject({ method: 'PUT', url: `/api/staff/announcements/${id}`, headers: { cookie: `cz_staff=${editor.cookie}`, 'x-csrf-token': editor.csrf }, payload: draft });
    expect(edit.statusCode).toBe(409);
  });

  it('schedules for later, edits, puts back to draft, and cancels; nothing is sent', async () => {
    const created = await editor.post('/api/staff/announcements', { ...draft, topics: ['czech', 'events'] });
    const id = (created.body.announcement as { id: string }).id;
    const at = new Date(Date.now() + 3600_000).toISOString();
    const scheduled = await editor.post(`/api/staff/announcements/${id}/schedule`, { at });
    expect(scheduled.body.announcement).toMatchObject({ status: 'scheduled', scheduledAt: at });
    const edit = await svc.app.inject({
      method: 'PUT',
      url: `/api/staff/announcements/${id}`,
      headers: { cookie: `cz_staff=${editor.cookie}`, 'x-csrf-token': editor.csrf },
      payload: { ...draft, name: 'Renamed' },
    });
    expect(edit.json()).toMatchObject({ announcement: { name: 'Renamed', status: 'scheduled' } });
    expect((await editor.post(`/api/staff/announcements/${id}/unschedule`)).body.announcement).toMatchObject({ status: 'draft', scheduledAt: null });
    expect((await editor.post(`/api/staff/announcements/${id}/cancel`)).body.announcement).toMatchObject({ status: 'cancelled' });
    expect((await editor.post(`/api/staff/announcements/${id}/send`)).status).toBe(409);
    const view = (await editor.get(`/api/staff/announcements/${id}`)).body as { counts: Record<string, number> };
    expect(view.counts.sent).toBe(0);
    const list = (await editor.get('/api/staff/announcements')).body as { announcements: { announcement: { id: string } }[]; runner: string };
    expect(list.runner).toBe('embedded');
    expect(list.announcements.map((a) => a.announcement.id)).toContain(id);
  });

  it('refuses to send an announcement without a text', async () => {
    const created = await editor.post('/api/staff/announcements', { name: 'Empty', texts: {}, topics: ['czech'] });
    const id = (created.body.announcement as { id: string }).id;
    expect((await editor.post(`/api/staff/announcements/${id}/send`)).status).toBe(400);
  });
});
