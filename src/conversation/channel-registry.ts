import { AppError } from '../core/errors.js';
import type { Lang } from '../core/language.js';
import type { Address, Channel, ChannelId, Content, SendOptions, SendResult } from '../core/message.js';
import type { Outbox } from './turn.js';

/** The channels this instance runs; replies (the bot's and staff's) go out through here. */
export class ChannelRegistry implements Outbox {
  private readonly channels = new Map<ChannelId, Channel>();

  register(channel: Channel): void {
    this.channels.set(channel.id, channel);
  }

  get(id: ChannelId): Channel | undefined {
    return this.channels.get(id);
  }

  list(): Channel[] {
    return [...this.channels.values()];
  }

  async send(to: Address, content: Content, lang: Lang, opts?: SendOptions): Promise<SendResult> {
    const channel = this.channels.get(to.channel);
    if (!channel) throw new AppError('CHANNEL_FAILED', `channel ${to.channel} is not enabled on this instance`, { channel: to.channel });
    return channel.send(to, content, lang, opts);
  }
}
