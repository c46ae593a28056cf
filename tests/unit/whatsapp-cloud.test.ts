import { describe, expect, it } from 'vitest';
import { toCloudPayloads } from '../../adapters/whatsapp/cloud-outbound.js';
import { parseWebhook } from '../../adapters/whatsapp/cloud-payload.js';
import { CustomerWindow, WINDOW_MS, WindowClosedError } from '../../adapters/whatsapp/cloud-window.js';
import { localeFromPhone } from '../../adapters/whatsapp/phone-locale.js';
import { validHubSignature } from '../../adapters/whatsapp/secure-compare.js';
import type { ChoiceOption } from '../../src/core/message.js';
import { sign } from '../support/whatsapp-peer.js';

const opts = (labels: string[]): ChoiceOption[] => labels.map((label, i) => ({ label, value: `entry:e${i + 1}` }));

describe('WhatsApp Cloud API rendering', () => {
  it('sends text with WhatsApp formatting, split below 4096 characters, without link previews', () => {
    const [one] = toCloudPayloads({ type: 'text', text: '**Povolení k pobytu**\n\n- [MV ČR](https://www.mvcr.cz/)' }, 'Vybrat');
    expect(one).toEqual({ type: 'text', text: { body: '*Povolení k pobytu*\n\n• MV ČR: https://www.mvcr.cz/', preview_url: false } });
    const long = toCloudPayloads({ type: 'text', text: `${'slovo '.repeat(700)}\n\n${'další '.repeat(700)}` }, 'Vybrat');
    expect(long.length).toBeGreaterThan(1);
    for (const p of long) expect(p.type === 'text' && p.text.body.length <= 4096).toBe(true);
  });

  it('makes up to three short options reply buttons', () => {
    const [p] = toCloudPayloads({ type: 'choice', text: 'Smazat?', options: [{ label: 'Ano, smazat', value: 'forget:yes' }, { label: 'Ne', value: 'forget:no' }] }, 'Vybrat');
    expect(p).toEqual({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Smazat?' },
        action: { buttons: [{ type: 'reply', reply: { id: 'forget:yes', title: 'Ano, smazat' } }, { type: 'reply', reply: { id: 'forget:no', title: 'Ne' } }] },
      },
    });
  });

  it('makes more options, or labels too long for a button, a list of up to ten rows', () => {
    const [four] = toCloudPayloads({ type: 'choice', text: 'Které téma?', options: opts(['Pobyt', 'Práce', 'Zdraví', 'Bydlení']) }, 'Vybrat');
    expect(four?.type === 'interactive' && four.interactive.type).toBe('list');
    const label = 'Prodloužení dlouhodobého pobytu za účelem zaměstnání';
    const [longLabel] = toCloudPayloads({ type: 'choice', text: 'Které téma?', options: opts([label, 'Práce']) }, 'Vybrat si z nabídky témat');
    if (longLabel?.type !== 'interactive' || longLabel.interactive.type !== 'list') throw new Error('expected a list');
    const rows = longLabel.interactive.action.sections[0]?.rows ?? [];
    expect(rows[0]).toEqual({ id: 'entry:e1', title: 'Prodloužení dlouhodobéh…', description: label });
    expect(rows[1]).toEqual({ id: 'entry:e2', title: 'Práce' });
    expect(Array.from(rows[0]?.title ?? '')).toHaveLength(24);
    expect(longLabel.interactive.action.button).toBe('Vybrat si z nabídky…');
  });

  it('falls back to a numbered list where neither fits', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `Téma ${i + 1}`);
    const [p] = toCloudPayloads({ type: 'choice', text: 'Které téma?', options: opts(eleven) }, 'Vybrat');
    expect(p).toMatchObject({ type: 'text' });
    expect(p?.type === 'text' && p.text.body).toBe(`Které téma?\n\n${eleven.map((l, i) => `${i + 1}. ${l}`).join('\n')}`);
    const [tooLong] = toCloudPayloads({ type: 'choice', text: 'Které?', options: opts(['x'.repeat(80), 'Práce']) }, 'Vybrat');
    expect(tooLong?.type).toBe('text');
  });

  it('sends the part of a long choice text that does not fit an interactive body first, as text', () => {
    const text = `${'Dlouhý úvod. '.repeat(120)}\n\nKteré téma?`;
    const payloads = toCloudPayloads({ type: 'choice', text, options: opts(['Pobyt', 'Práce']) }, 'Vybrat');
    expect(payloads.at(-1)?.type).toBe('interactive');
    expect(payloads.slice(0, -1).every((p) => p.type === 'text')).toBe(true);
    const last = payloads.at(-1);
    expect(last?.type === 'interactive' && last.interactive.body.text.length).toBeLessThanOrEqual(1024);
  });
});

describe('WhatsApp Cloud API webhook parsing and signature', () => {
  it('reads messages and statuses and skips what it does not understand', () => {
    const changes = parseWebhook({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            { field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } },
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: '1098765' },
                messages: [
                  { from: '420777000001', id: 'wamid.1', timestamp: '1700000000', type: 'text', text: { body: 'Ahoj' } },
                  { from: '420777000001', id: 'wamid.2', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'lang:uk', title: 'Українська' } } },
                  { id: 'no-sender', type: 'text' },
                  'garbage',
                ],
                statuses: [{ id: 'wamid.OUT1', status: 'failed', recipient_id: '420777000001', errors: [{ code: 131047, title: 'Re-engagement message' }] }],
              },
            },
          ],
        },
      ],
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]?.phoneNumberId).toBe('1098765');
    expect(changes[0]?.messages.map((m) => [m.id, m.text, m.choice])).toEqual([
      ['wamid.1', 'Ahoj', null],
      ['wamid.2', null, 'lang:uk'],
    ]);
    expect(changes[0]?.statuses[0]).toEqual({ id: 'wamid.OUT1', status: 'failed', recipient: '420777000001', timestamp: null, error: { code: 131047, title: 'Re-engagement message' } });
    expect(parseWebhook(null)).toEqual([]);
    expect(parseWebhook({ entry: 'x' })).toEqual([]);
  });

  it('accepts only an HMAC-SHA256 of the exact body with the app secret', () => {
    const raw = Buffer.from('{"object":"whatsapp_business_account"}');
    expect(validHubSignature(raw, sign(raw.toString(), 's3cret'), 's3cret')).toBe(true);
    expect(validHubSignature(raw, sign(raw.toString(), 's3cret').toUpperCase().replace('SHA256=', 'sha256='), 's3cret')).toBe(true);
    expect(validHubSignature(Buffer.from(`${raw.toString()} `), sign(raw.toString(), 's3cret'), 's3cret')).toBe(false);
    expect(validHubSignature(raw, sign(raw.toString(), 'other'), 's3cret')).toBe(false);
    expect(validHubSignature(raw, 'sha256=abc', 's3cret')).toBe(false);
    expect(validHubSignature(raw, undefined, 's3cret')).toBe(false);
  });
});

describe('the 24-hour customer-service window', () => {
  it('is open for 24 hours after the last message, from the store or from what just arrived', async () => {
    let now = new Date('2026-03-02T10:00:00Z').getTime();
    const stored = new Map<string, Date>([['420777000001', new Date(now - WINDOW_MS + 60_000)]]);
    const window = new CustomerWindow(async (t) => stored.get(t) ?? null, () => new Date(now), { name: 'follow_up', lang: 'cs' });
    await expect(window.check('420777000001')).resolves.toBeUndefined();
    now += 120_000;
    const closed = await window.check('420777000001').catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(WindowClosedError);
    expect((closed as WindowClosedError).template).toEqual({ name: 'follow_up', lang: 'cs' });
    await expect(window.check('420777000002')).rejects.toThrow(/has not written to us yet/);
    window.noteInbound('420777000002', new Date(now));
    await expect(window.check('420777000002')).resolves.toBeUndefined();
    // A message Meta redelivers days later does not reopen the window.
    window.noteInbound('420777000003', new Date(now - 2 * WINDOW_MS));
    await expect(window.check('420777000003')).rejects.toBeInstanceOf(WindowClosedError);
    const none = new CustomerWindow(async () => null, () => new Date(now), null);
    await expect(none.check('420777000004')).rejects.toThrow(/No template is configured \(WHATSAPP_TEMPLATE_NAME\)/);
  });
});

describe('language hint from the phone number', () => {
  it('guesses from the country code, and says nothing when unsure', () => {
    expect(localeFromPhone('380671234567')).toBe('uk');
    expect(localeFromPhone('84912345678@c.us')).toBe('vi');
    expect(localeFromPhone('79161234567')).toBe('ru');
    expect(localeFromPhone('420777123456')).toBe('cs');
    expect(localeFromPhone('97688112233')).toBeUndefined();
    expect(localeFromPhone('380123456789012@lid')).toBeUndefined();
  });
});
