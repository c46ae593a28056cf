import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES, inlineKeyboard, renderForTelegram } from '../../adapters/telegram/telegram-render.js';

describe('Content → Telegram messages', () => {
  it('renders the Markdown subset as Telegram HTML and escapes everything else', () => {
    const [m] = renderForTelegram({ type: 'text', text: '**Bring** the form <script>alert(1)</script> & see [MOI](https://www.mvcr.cz/?a=1&b=2)\n- one' });
    expect(m?.text).toBe('<b>Bring</b> the form &lt;script&gt;alert(1)&lt;/script&gt; &amp; see <a href="https://www.mvcr.cz/?a=1&amp;b=2">MOI</a>\n• one');
    expect(m?.keyboard).toBeNull();
  });

  it('splits a long answer below 4,096 characters at paragraph boundaries', () => {
    const paragraph = (i: number) => `**Part ${i}.** ${'word '.repeat(180).trim()}`;
    const text = Array.from({ length: 12 }, (_, i) => paragraph(i)).join('\n\n');
    expect(text.length).toBeGreaterThan(4096 * 2);
    const parts = renderForTelegram({ type: 'text', text });
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(p.text.length).toBeLessThan(4096);
      // Each part starts with a whole paragraph, so no tag is cut in two.
      expect(p.text).toMatch(/^<b>Part \d+\.<\/b>/);
      expect(p.text.split('<b>').length).toBe(p.text.split('</b>').length);
    }
    expect(parts.map((p) => p.text).join('\n\n')).toBe(text.replace(/\*\*(Part \d+\.)\*\*/g, '<b>$1</b>'));
  });

  it('puts the buttons of a choice on its last part, as an inline keyboard', () => {
    const options = [
      { label: 'Čeština', value: 'lang:cs' },
      { label: 'English', value: 'lang:en' },
      { label: 'Українська', value: 'lang:uk' },
      { label: 'Русский', value: 'lang:ru' },
      { label: 'Tiếng Việt', value: 'lang:vi' },
    ];
    const [m] = renderForTelegram({ type: 'choice', text: 'Choose <your> language:', options });
    expect(m?.text).toBe('Choose &lt;your&gt; language:');
    expect(m?.keyboard?.inline_keyboard.flat()).toEqual(options.map((o) => ({ text: o.label, callback_data: o.value })));
    // Short labels share rows.
    expect(m?.keyboard?.inline_keyboard.length).toBe(2);
  });

  it('lays long labels out one per row', () => {
    const kb = inlineKeyboard([
      { label: 'Permanent residence: who can apply and how', value: 'entry:residence.permanent' },
      { label: 'Long-term residence permit', value: 'entry:residence.long-term-permit' },
    ]);
    expect(kb.inline_keyboard.map((row) => row.length)).toEqual([1, 1]);
  });

  it('falls back to a numbered list when a value would not fit in callback_data', () => {
    const long = `entry:${'x'.repeat(CALLBACK_DATA_MAX_BYTES)}`;
    const [m] = renderForTelegram({ type: 'choice', text: 'Which one?', options: [{ label: 'A <1>', value: long }, { label: 'B', value: 'entry:b' }] });
    expect(m?.keyboard).toBeNull();
    expect(m?.text).toBe('Which one?\n\n1. A &lt;1&gt;\n2. B');
  });

  it('escapes a postback shown as text', () => {
    expect(renderForTelegram({ type: 'postback', value: '<x>' })).toEqual([{ text: '&lt;x&gt;', keyboard: null }]);
  });
});
