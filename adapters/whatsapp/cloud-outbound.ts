import type { ChannelCapabilities, ChoiceOption, Content } from '../../src/core/message.js';
import { render, splitText } from '../../src/conversation/render.js';
import type { OutboundPayload } from './cloud-graph.js';

/** The Cloud API has reply buttons (up to 3) and lists (up to 10 rows); more becomes a numbered list. */
export const CLOUD_CAPABILITIES: ChannelCapabilities = { buttons: true, markdown: 'whatsapp', maxText: 4096, maxButtons: 10 };

/** The Graph API's limits for interactive messages. */
const LIMITS = { body: 1024, buttons: 3, buttonTitle: 20, rows: 10, rowTitle: 24, rowDescription: 72, id: 256, listButton: 20 } as const;

function textPayloads(text: string): OutboundPayload[] {
  return splitText(text, CLOUD_CAPABILITIES.maxText).map((body) => ({ type: 'text', text: { body, preview_url: false } }));
}

function cut(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

const len = (s: string): number => Array.from(s).length;

function interactive(body: string, options: ChoiceOption[], listButton: string): OutboundPayload | null {
  const ids = new Set(options.map((o) => o.value));
  if (body === '' || ids.size !== options.length || options.some((o) => o.value === '' || len(o.value) > LIMITS.id || o.label.trim() === '')) return null;
  const titles = new Set(options.map((o) => o.label));
  if (options.length <= LIMITS.buttons && titles.size === options.length && options.every((o) => len(o.label) <= LIMITS.buttonTitle)) {
    return {
      type: 'interactive',
      interactive: { type: 'button', body: { text: body }, action: { buttons: options.map((o) => ({ type: 'reply', reply: { id: o.value, title: o.label } })) } },
    };
  }
  if (options.length <= LIMITS.rows && options.every((o) => len(o.label) <= LIMITS.rowDescription)) {
    // A label too long for a row's title is shown whole in its description.
    const rows = options.map((o) => (len(o.label) <= LIMITS.rowTitle ? { id: o.value, title: o.label } : { id: o.value, title: cut(o.label, LIMITS.rowTitle), description: o.label }));
    return { type: 'interactive', interactive: { type: 'list', body: { text: body }, action: { button: cut(listButton, LIMITS.listButton), sections: [{ rows }] } } };
  }
  return null;
}

/**
 * Content as Graph API messages. Text and the choice's wording come from render(); only the
 * shape is WhatsApp's: reply buttons, else a list, else render()'s numbered text (where a reply
 * of "2" picks the second option).
 */
export function toCloudPayloads(content: Content, listButton: string): OutboundPayload[] {
  const rendered = render(content, CLOUD_CAPABILITIES);
  if (!rendered.buttons) return textPayloads(rendered.text);
  const parts = splitText(rendered.text, LIMITS.body);
  const body = parts.pop() ?? '';
  const choice = interactive(body, rendered.buttons, listButton);
  if (!choice) return textPayloads(render(content, { ...CLOUD_CAPABILITIES, buttons: false }).text);
  return [...parts.flatMap(textPayloads), choice];
}
