import { DeliveryError } from '../../src/core/errors.js';
import type { Log } from '../../src/core/ports.js';
import { encodeQr } from './qr-code.js';
import { qrTerminal } from './qr-render.js';
import type { WaWebClient, WaWebMessage, WaWebReaction, WebClientFactory, WebClientOptions } from './web-client.js';

export type WebState =
  | { kind: 'starting'; since: Date }
  /** Waiting for the Centre's phone: a QR code to scan, or a code to type in (pairing by number). */
  | { kind: 'pairing'; qr: string | null; code: string | null; since: Date }
  | { kind: 'ready'; since: Date }
  | { kind: 'reconnecting'; reason: string; attempt: number; since: Date }
  | { kind: 'stopped'; since: Date };

export interface WebSessionDeps {
  factory: WebClientFactory;
  options: WebClientOptions;
  onMessage(message: WaWebMessage): Promise<void>;
  onReaction(reaction: WaWebReaction): Promise<void>;
  log: Log;
  /** Where the pairing QR code is drawn for whoever runs the service. */
  terminal(text: string): void;
  reconnectDelayMs(attempt: number): number;
  clock(): Date;
}

/** Doubling pauses up to a minute: a phone that is offline for a while is not hammered. */
export function defaultReconnectDelay(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * One logged-in WhatsApp Web session and its life: start, pair, ready, and after a disconnect a
 * fresh client after a pause (LocalAuth brings the login back, so no new scan is needed unless the
 * phone unlinked us). Events of a replaced client are ignored by generation.
 */
export class WebSession {
  private client: WaWebClient | null = null;
  private generation = 0;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private current: WebState;

  constructor(private readonly deps: WebSessionDeps) {
    this.current = { kind: 'starting', since: deps.clock() };
  }

  get state(): WebState {
    return this.current;
  }

  start(): void {
    void this.connect();
  }

  async send(chatId: string, text: string): Promise<string> {
    const client = this.client;
    if (!client || this.current.kind !== 'ready') {
      throw new DeliveryError(`WhatsApp Web is not connected (${this.current.kind})`, { permanent: false, channel: 'whatsapp' });
    }
    try {
      const sent = await client.sendMessage(chatId, text, { linkPreview: false });
      return sent.id._serialized;
    } catch (e) {
      throw new DeliveryError('WhatsApp Web could not send the message', { permanent: false, channel: 'whatsapp', cause: e });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    this.current = { kind: 'stopped', since: this.deps.clock() };
    if (client) await this.dispose(client);
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    const { log } = this.deps;
    let client: WaWebClient;
    try {
      client = await this.deps.factory(this.deps.options);
    } catch (e) {
      this.lost(gen, null, `client could not be created: ${errText(e)}`);
      return;
    }
    if (this.closed || gen !== this.generation) {
      await this.dispose(client);
      return;
    }
    this.client = client;
    const live = (): boolean => gen === this.generation && !this.closed;
    client.on('qr', (qr) => {
      if (!live()) return;
      this.current = { kind: 'pairing', qr, code: null, since: this.deps.clock() };
      log.info({ channel: 'whatsapp' }, 'WhatsApp Web waits for pairing: scan the QR code (terminal or /admin/whatsapp) with the Centre\'s phone');
      this.deps.terminal(`WhatsApp: scan this code with the Centre's phone (Settings > Linked devices):\n${qrTerminal(encodeQr(qr))}`);
    });
    client.on('code', (code) => {
      if (!live()) return;
      this.current = { kind: 'pairing', qr: null, code, since: this.deps.clock() };
      log.info({ channel: 'whatsapp' }, 'WhatsApp Web waits for pairing by phone number: enter the code (terminal or /admin/whatsapp) on the phone');
      this.deps.terminal(`WhatsApp: on the Centre's phone choose Linked devices > Link with phone number and enter ${code}`);
    });
    client.on('authenticated', () => {
      if (live()) log.info({ channel: 'whatsapp' }, 'WhatsApp Web authenticated');
    });
    client.on('auth_failure', (message) => {
      if (live()) log.warn({ channel: 'whatsapp', reason: String(message).slice(0, 200) }, 'WhatsApp Web could not restore its login; a new pairing is needed');
    });
    client.on('ready', () => {
      if (!live()) return;
      this.attempt = 0;
      this.current = { kind: 'ready', since: this.deps.clock() };
      log.info({ channel: 'whatsapp' }, 'WhatsApp Web connected');
    });
    client.on('message', (message) => {
      if (!live()) return;
      this.deps.onMessage(message).catch((e: unknown) => log.error({ channel: 'whatsapp', err: errText(e) }, 'WhatsApp Web message not handled'));
    });
    client.on('message_reaction', (reaction) => {
      if (!live()) return;
      this.deps.onReaction(reaction).catch((e: unknown) => log.error({ channel: 'whatsapp', err: errText(e) }, 'WhatsApp Web reaction not handled'));
    });
    client.on('disconnected', (reason) => this.lost(gen, client, String(reason)));
    try {
      await client.initialize();
    } catch (e) {
      this.lost(gen, client, `initialize failed: ${errText(e)}`);
    }
  }

  private lost(gen: number, client: WaWebClient | null, reason: string): void {
    if (gen !== this.generation || this.closed) return;
    this.generation++;
    if (client && this.client === client) this.client = null;
    this.attempt++;
    const delay = this.deps.reconnectDelayMs(this.attempt);
    this.current = { kind: 'reconnecting', reason: reason.slice(0, 200), attempt: this.attempt, since: this.deps.clock() };
    this.deps.log.warn({ channel: 'whatsapp', reason: reason.slice(0, 200), attempt: this.attempt, delayMs: delay }, 'WhatsApp Web disconnected; reconnecting');
    const next = async (): Promise<void> => {
      if (client) await this.dispose(client);
      if (this.closed) return;
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.closed) void this.connect();
      }, delay);
    };
    void next();
  }

  private async dispose(client: WaWebClient): Promise<void> {
    client.removeAllListeners();
    await client.destroy().catch((e: unknown) => this.deps.log.debug({ channel: 'whatsapp', err: errText(e) }, 'WhatsApp Web client not destroyed cleanly'));
  }
}

function errText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 300);
}
