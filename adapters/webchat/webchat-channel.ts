import type { Lang } from '../../src/core/language.js';
import type { Address, Channel, ChannelCapabilities, Content, SendResult } from '../../src/core/message.js';
import type { Bus } from '../../src/core/ports.js';

export const WEBCHAT_CAPABILITIES: ChannelCapabilities = { buttons: true, markdown: 'markdown', maxText: 8000, maxButtons: 8 };

/** Bus topic of one visitor's live messages; whichever instance holds the socket forwards them. */
export function visitorTopic(visitor: string): string {
  return `webchat:${visitor}`;
}

export interface WebchatEvent {
  type: 'message';
  from: 'bot' | 'staff';
  content: Content;
  lang: Lang;
  at: string;
}

/**
 * The web chat's Channel: a reply is published for the visitor's open sockets on any instance.
 * The browser renders the Markdown subset itself, as text nodes (never innerHTML).
 */
export function webchatChannel(bus: Bus, clock: () => Date = () => new Date()): Channel {
  return {
    id: 'webchat',
    capabilities: WEBCHAT_CAPABILITIES,
    async send(to: Address, content: Content, lang: Lang): Promise<SendResult> {
      const event: WebchatEvent = { type: 'message', from: 'bot', content, lang, at: clock().toISOString() };
      await bus.publish(visitorTopic(to.user), event);
      return {};
    },
  };
}
