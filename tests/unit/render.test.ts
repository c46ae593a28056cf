import { describe, expect, it } from 'vitest';
import type { ChannelCapabilities } from '../../src/core/message.js';
import { render, renderMarkup, splitText } from '../../src/conversation/render.js';

const md = '**Short answer.**\n\n- step <one>\n- see [the page](https://frs.gov.cz/x?a=1&b=2)';

describe('rendering by capability', () => {
  it('makes Telegram HTML with everything else escaped', () => {
    expect(renderMarkup(md, 'html')).toBe('<b>Short answer.</b>\n\n• step &lt;one&gt;\n• see <a href="https://frs.gov.cz/x?a=1&amp;b=2">the page</a>');
    expect(renderMarkup('<img src=x onerror=alert(1)>', 'html')).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('makes WhatsApp formatting and plain text', () => {
    expect(renderMarkup(md, 'whatsapp')).toBe('*Short answer.*\n\n• step <one>\n• see the page: https://frs.gov.cz/x?a=1&b=2');
    expect(renderMarkup(md, 'none')).toBe('Short answer.\n\n• step <one>\n• see the page: https://frs.gov.cz/x?a=1&b=2');
  });

  it('never turns a javascript: link into a link', () => {
    expect(renderMarkup('[x](javascript:alert(1))', 'html')).toBe('[x](javascript:alert(1))');
  });

  const options = [1, 2, 3, 4].map((i) => ({ label: `Option ${i}`, value: `v${i}` }));
  const caps = (buttons: boolean, maxButtons: number): ChannelCapabilities => ({ buttons, maxButtons, markdown: 'none', maxText: 4096 });

  it('shows a choice as buttons where they fit, else as a numbered list', () => {
    expect(render({ type: 'choice', text: 'Which?', options }, caps(true, 10))).toEqual({ text: 'Which?', buttons: options });
    expect(render({ type: 'choice', text: 'Which?', options }, caps(true, 3)).text).toBe('Which?\n\n1. Option 1\n2. Option 2\n3. Option 3\n4. Option 4');
    expect(render({ type: 'choice', text: 'Which?', options }, caps(false, 10)).buttons).toBeNull();
  });

  it('splits long text at paragraph boundaries below the limit', () => {
    const para = 'word '.repeat(150).trim();
    const parts = splitText([para, para, para].join('\n\n'), 1000);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(1000);
    expect(parts[0]).toBe(para);
    expect(splitText('x'.repeat(2500), 1000).map((p) => p.length)).toEqual([1000, 1000, 500]);
  });
});
