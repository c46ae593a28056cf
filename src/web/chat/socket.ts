import type { ClientEvent, ServerEvent } from '../../../adapters/webchat/protocol.js';

export interface SocketHandlers {
  event(event: ServerEvent): void;
  down(): void;
}

/** The live connection: reconnects by itself with growing, jittered delays, at once when the network returns. */
export class ChatSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retry: number | undefined;

  constructor(
    private readonly url: string,
    private readonly on: SocketHandlers,
  ) {
    window.addEventListener('online', () => this.now());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.now();
    });
  }

  open(): void {
    if (this.ws) return;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(e.data);
      } catch {
        return;
      }
      if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) return;
      const event = parsed as ServerEvent;
      // Only a socket the server fully accepted resets the back-off.
      if (event.type === 'ready') this.attempt = 0;
      this.on.event(event);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.on.down();
      this.schedule();
    };
  }

  /** False when there is no open connection; the caller keeps the message for later. */
  send(event: ClientEvent): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(event));
    return true;
  }

  private schedule(): void {
    window.clearTimeout(this.retry);
    const ceiling = Math.min(10_000, 500 * 2 ** this.attempt++);
    this.retry = window.setTimeout(() => this.open(), ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private now(): void {
    if (this.ws) return;
    window.clearTimeout(this.retry);
    this.open();
  }
}
