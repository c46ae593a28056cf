import type { Lang } from '../../src/core/language.js';
import type { Address, Channel, ChannelCapabilities, Content, SendOptions, SendResult } from '../../src/core/message.js';
import type { Bus } from '../../src/core/ports.js';
import type { ServerEvent, WebchatMessage } from './protocol.js';

export const WEBCHAT_CAPABILITIES: ChannelCapabilities = { buttons: true, markdown: 'markdown', maxText: 8000, maxButtons: 8 };

/** Bus topic of one visitor's live messages; whichever instance holds the socket forwards them. */
export function visitorTopic(visitor: string): string {
  return `webchat:${visitor}`;
}

/** A reply on the visitor's topic; staff replies use the same shape with from: 'staff'. */
export type WebchatEvent = WebchatMessage;

/** Best effort: a live hint (typing, ids) that fails to go out must not fail the turn. */
export async function publishToVisitor(bus: Bus, visitor: string, event: ServerEvent): Promise<void> {
  await bus.publish(visitorTopic(visitor), event).catch(() => undefined);
}

/**
 * The web chat's Channel: a reply is published for the visitor's open sockets on any instance.
 * The browser renders the Markdown subset itself, as DOM nodes (never innerHTML).
 */
export function webchatChannel(bus: Bus, clock: () => Date = () => new Date()): Channel {
  return {
    id: 'webchat',
    capabilities: WEBCHAT_CAPABILITIES,
    async send(to: Address, content: Content, lang: Lang, opts?: SendOptions): Promise<SendResult> {
      const event: WebchatEvent = { type: 'message', from: opts?.from ?? 'bot', content, lang, at: clock().toISOString(), ...(opts?.author ? { author: opts.author } : {}) };
      await bus.publish(visitorTopic(to.user), event);
      return {};
    },
  };
}
