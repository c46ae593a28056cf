import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, loginAs, type StaffClient } from '../support/staff.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { say } from '../support/webchat-client.js';

/** The review of what users asked: missed questions from real web chat turns, masked and grouped, and one step to a question variant. */
let svc: TestService;
let eva: StaffClient;

interface Group {
  id: string;
  text: string;
  count: number;
  keys: string[];
  langs: Record<string, number>;
  kinds: Record<string, number>;
  channels: Record<string, number>;
  entries: Record<string, number>;
  examples: { text: string }[];
  now: { action: string; entry: string | null };
}

const groups = async (): Promise<Group[]> => {
  const res = await eva.get('/api/admin/review');
  expect(res.status).toBe(200);
  return res.body.groups as Group[];
};

beforeAll(async () => {
  svc = await startTestService();
  await addStaff(svc.runtime, 'eva@example.org', 'editor', { name: 'Eva' });
  eva = await loginAs(svc.app, 'eva@example.org');
});
afterAll(async () => {
  await svc?.close();
});

describe('what users asked', () => {
  it('collects a missed question with personal data masked, grouped with its other wordings, and answers it once added as a variant', async () => {
    const asked = [
      ['review-visitor-1', 'Kde můžu zaparkovat kolo u centra? Volejte mi na 777 123 456'],
      ['review-visitor-2', 'Kde můžu zaparkovat kolo u centra?'],
      ['review-visitor-3', 'kde můžu zaparkovat kolo u centra, pište na jana.novakova@example.cz'],
    ] as const;
    for (const [visitor, text] of asked) {
      const r = await say(svc.app, visitor, { text, lang: 'cs' });
      expect(r.status).toBe(200);
    }
    const all = await groups();
    const g = all.find((x) => x.text.toLowerCase().includes('zaparkovat kolo'));
    expect(g).toBeDefined();
    if (!g) return;
    expect(g.count).toBe(3);
    expect(g.langs).toEqual({ cs: 3 });
    expect(g.kinds).toEqual({ missed: 3 });
    expect(g.channels).toEqual({ webchat: 3 });
    expect(g.now.action).not.toBe('answer');
    const everything = JSON.stringify(all);
    expect(everything).not.toContain('777 123 456');
    expect(everything).not.toContain('jana.novakova@example.cz');
    expect(everything).toContain('[phone]');
    expect(everything).toContain('[e-mail]');

    const added = await eva.post('/api/admin/review/variant', { keys: g.keys, entry: 'centre.contacts', lang: 'cs', question: 'Kde můžu zaparkovat kolo u centra?' });
    expect(added.status).toBe(200);
    expect(added.body.now).toMatchObject({ action: 'answer', entry: 'centre.contacts' });
    const history = await eva.get('/api/admin/kb/entries/centre.contacts/history');
    expect((history.body.revisions as { action: string; summary: string }[])[0]).toMatchObject({ action: 'variant', summary: 'cs: questions +1' });

    const again = await say(svc.app, 'review-visitor-4', { text: 'Kde můžu zaparkovat kolo u centra?', lang: 'cs' });
    const answer = svc.runtime.knowledge.answer('centre.contacts', 'cs', new Date())?.text ?? '';
    expect(again.replies.some((r) => r.type === 'text' && r.text.includes(answer.slice(0, 40)))).toBe(true);
    expect((await groups()).some((x) => x.id === g.id || x.keys.some((k) => g.keys.includes(k)))).toBe(false);
  });

  it('collects answers rated unhelpful, with the entry that gave them, and sets a group aside when dismissed', async () => {
    const q = svc.runtime.knowledge.entry('health.insurance')?.translations.uk?.questions[0] ?? '';
    const r = await say(svc.app, 'review-visitor-5', { text: q });
    const history = (await svc.app.inject({ url: '/api/webchat/history?visitor=review-visitor-5' })).json() as { messages: { id: string; answer: boolean }[] };
    const answered = history.messages.find((m) => m.answer);
    expect(r.status).toBe(200);
    expect(answered).toBeDefined();
    const rated = await svc.app.inject({ method: 'POST', url: '/api/webchat/feedback', payload: { visitor: 'review-visitor-5', message: answered?.id, value: 'unhelpful' } });
    expect(rated.statusCode).toBeLessThan(300);
    const g = (await groups()).find((x) => x.kinds.unhelpful);
    expect(g).toMatchObject({ kinds: { unhelpful: 1 }, entries: { 'health.insurance': 1 }, langs: { uk: 1 } });
    if (!g) return;
    expect((await eva.post('/api/admin/review/dismiss', { keys: g.keys })).status).toBe(200);
    expect((await groups()).some((x) => x.id === g.id)).toBe(false);
    const audit = await svc.runtime.store.audit.list({});
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['review-variant', 'review-dismiss']));
  });

  it('settles a group with a new entry made from it', async () => {
    await say(svc.app, 'review-visitor-6', { text: 'Можна прийти з собакою до центру?', lang: 'uk' });
    const g = (await groups()).find((x) => x.text.includes('собакою'));
    expect(g).toMatchObject({ count: 1, langs: { uk: 1 } });
    if (!g) return;
    const entry = {
      id: 'centre.pets',
      topic: 'centre',
      escalate: false,
      reviewed: '2026-11-20',
      validUntil: null,
      sources: [{ url: 'https://www.cizincijmk.cz/', title: 'Centrum pro cizince JMK' }],
      translations: { uk: { title: 'Тварини в Центрі', questions: ['Можна прийти з собакою до центру?', 'собака в центрі'], keywords: ['собака'], answer: 'Зверніться до Центру заздалегідь: правила для тварин уточнить персонал.' } },
    };
    const created = await eva.post('/api/admin/kb/entries', { entry, resolve: g.keys });
    expect(created.status).toBe(201);
    expect((await groups()).some((x) => x.id === g.id)).toBe(false);
    expect(svc.runtime.knowledge.decide('Можна прийти з собакою до центру?', { hint: 'uk' })).toMatchObject({ action: 'answer', entry: 'centre.pets' });
  });

  it('refuses a variant for an entry without that language, or for no entry', async () => {
    const keys = ['0123456789abcdef'];
    expect((await eva.post('/api/admin/review/variant', { keys, entry: 'no.such-entry', lang: 'cs', question: 'Kde je to?' })).status).toBe(404);
    expect((await eva.post('/api/admin/review/variant', { keys: ['not-a-key'], entry: 'centre.contacts', lang: 'cs', question: 'Kde je to?' })).status).toBe(400);
    for (const question of ['Kde je to? Volejte 777 123 456', 'Kde je to? [phone]']) {
      const res = await eva.post('/api/admin/review/variant', { keys, entry: 'centre.contacts', lang: 'cs', question });
      expect(res.status).toBe(400);
      expect(String(res.body.message)).toContain('personal data');
    }
  });
});
