import type { Lang } from '../../src/core/language.js';
import type { Address, Channel, ChannelCapabilities, Content, SendResult } from '../../src/core/message.js';
import { render, splitText } from '../../src/conversation/render.js';
import type { WebSession } from './web-session.js';

/** WhatsApp Web offers no buttons to unofficial clients: a choice becomes a numbered list. */
export const WEB_CAPABILITIES: ChannelCapabilities = { buttons: false, markdown: 'whatsapp', maxText: 4096, maxButtons: 0 };

export function webChannel(session: WebSession): Channel {
  return {
    id: 'whatsapp',
    capabilities: WEB_CAPABILITIES,
    async send(to: Address, content: Content, _lang: Lang): Promise<SendResult> {
      const { text } = render(content, WEB_CAPABILITIES);
      let externalId: string | undefined;
      for (const part of splitText(text, WEB_CAPABILITIES.maxText)) externalId = await session.send(to.thread, part);
      return externalId ? { externalId } : {};
    },
  };
}
