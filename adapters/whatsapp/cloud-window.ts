import { DeliveryError } from '../../src/core/errors.js';

/** Meta's customer-service window: free-form messages only within 24 h of the user's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export interface TemplateSetting {
  name: string;
  lang: string;
}

/**
 * The refusal a staff reply gets outside the window: it says plainly why and names the approved
 * template to send instead. `context.reason` and `context.template` let the inbox offer it.
 */
export class WindowClosedError extends DeliveryError {
  readonly template: TemplateSetting | null;
  constructor(lastUserAt: Date | null, template: TemplateSetting | null) {
    const since = lastUserAt ? `the user last wrote at ${lastUserAt.toISOString()}, more than 24 hours ago` : 'the user has not written to us yet';
    const instead = template
      ? `Send the approved template "${template.name}" (${template.lang}) instead; when the user answers it, free-form messages are possible again.`
      : 'No template is configured (WHATSAPP_TEMPLATE_NAME), so this user cannot be reached on WhatsApp until they write again.';
    super(`WhatsApp allows free-form messages only within 24 hours of the user's last message: ${since}. ${instead}`, { permanent: true, channel: 'whatsapp' });
    this.name = 'WindowClosedError';
    this.template = template;
    this.context.reason = 'window_closed';
    this.context.template = template?.name ?? null;
  }
}

/**
 * When each user last wrote. The stored conversation (lastUserAt) is the shared truth across
 * instances; the in-memory note covers the reply to the message just received, including the
 * confirmation after "forget me", when the stored conversation is already gone.
 */
export class CustomerWindow {
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly stored: (thread: string) => Promise<Date | null>,
    private readonly clock: () => Date,
    private readonly template: TemplateSetting | null,
  ) {}

  /** `at` is when the user sent it: a message Meta redelivers days later must not reopen the window. */
  noteInbound(thread: string, at: Date): void {
    const now = this.clock().getTime();
    const sent = Math.min(at.getTime(), now);
    if ((this.recent.get(thread) ?? -Infinity) >= sent) return;
    this.recent.delete(thread);
    this.recent.set(thread, sent);
    // Oldest first (insertion order): drop what has left the window, so the map stays small.
    for (const [key, at] of this.recent) {
      if (now - at <= WINDOW_MS) break;
      this.recent.delete(key);
    }
  }

  /** Throws WindowClosedError when a free-form message to `thread` would be refused. */
  async check(thread: string): Promise<void> {
    const now = this.clock().getTime();
    const noted = this.recent.get(thread);
    if (noted !== undefined && now - noted < WINDOW_MS) return;
    const last = await this.stored(thread);
    if (last && now - last.getTime() < WINDOW_MS) return;
    throw new WindowClosedError(last, this.template);
  }
}
