/** A change to a conversation somewhere (any instance): the inbox re-reads what it shows. */
export interface ConversationEvent {
  id: string;
  status: string;
}

export interface LiveHooks {
  change(e: ConversationEvent): void;
  /** Connected (again): anything missed while down is read afresh. */
  up(): void;
  down(): void;
  /** The stream was refused (the session ended, most likely). */
  refused(): void;
}

/**
 * Server-sent events from /api/staff/events. EventSource reconnects by itself after a network
 * drop; a refused stream (401, 403) closes it, and the app decides whether to sign in again.
 */
export class LiveEvents {
  private source: EventSource | null = null;

  constructor(private readonly hooks: LiveHooks) {}

  open(): void {
    this.close();
    const source = new EventSource('/api/staff/events');
    this.source = source;
    source.addEventListener('open', () => this.hooks.up());
    source.addEventListener('conversation', (e) => {
      if (!(e instanceof MessageEvent) || typeof e.data !== 'string') return;
      try {
        const data = JSON.parse(e.data) as Partial<ConversationEvent>;
        if (typeof data.id === 'string' && typeof data.status === 'string') this.hooks.change({ id: data.id, status: data.status });
      } catch {
        // A malformed event is skipped; the next one or a reconnect brings the inbox up to date.
      }
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) this.hooks.refused();
      else this.hooks.down();
    });
  }

  close(): void {
    this.source?.close();
    this.source = null;
  }
}
