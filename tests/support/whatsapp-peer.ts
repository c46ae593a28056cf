import { EventEmitter } from 'node:events';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WaWebClient, WaWebMessage, WaWebReaction, WebClientOptions } from '../../adapters/whatsapp/web-client.js';

/**
 * Test peers for WhatsApp: a stand-in for whatsapp-web.js's Client (it cannot log in offline), and
 * a local Graph API server that records what the Cloud API adapter sends.
 */

export interface SentWeb {
  chatId: string;
  content: string;
  options: { linkPreview?: boolean } | undefined;
}

/** Implements the Client events and methods the adapter uses; tests drive it by emitting events. */
export class StandInClient extends EventEmitter implements WaWebClient {
  readonly sent: SentWeb[] = [];
  initialized = 0;
  destroyed = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  /** What initialize() does: by default nothing more, and the test emits qr/ready itself. */
  onInitialize: (client: StandInClient) => void = () => undefined;
  failSends = false;
  /** Called after every initialize(), even a failed one; the factory uses it to wake tests. */
  afterInitialize: () => void = () => undefined;

  constructor(readonly options: WebClientOptions) {
    super();
  }

  async initialize(): Promise<void> {
    this.initialized++;
    try {
      this.onInitialize(this);
    } finally {
      this.afterInitialize();
    }
  }

  async sendMessage(chatId: string, content: string, options?: { linkPreview?: boolean }): Promise<{ id: { _serialized: string } }> {
    if (this.failSends) throw new Error('Evaluation failed: chat not found');
    this.sent.push({ chatId, content, options });
    for (const w of this.waiters.filter((w) => this.sent.length >= w.n)) w.resolve();
    this.waiters = this.waiters.filter((w) => this.sent.length < w.n);
    return { id: { _serialized: `true_${chatId}_OUT${this.sent.length}` } };
  }

  async destroy(): Promise<void> {
    this.destroyed++;
  }

  /** Resolves once `n` messages in total have been sent. */
  sends(n: number): Promise<SentWeb[]> {
    if (this.sent.length >= n) return Promise.resolve(this.sent.slice(0, n));
    return new Promise((resolve) => this.waiters.push({ n, resolve: () => resolve(this.sent.slice(0, n)) }));
  }

  incoming(from: string, body: string, extra: Partial<WaWebMessage> = {}): WaWebMessage {
    const message: WaWebMessage = {
      id: { _serialized: `false_${from}_${Math.random().toString(36).slice(2)}` },
      from,
      body,
      type: 'chat',
      fromMe: false,
      timestamp: Math.floor(Date.now() / 1000),
      ...extra,
    };
    this.emit('message', message);
    return message;
  }

  react(from: string, emoji: string): void {
    const reaction: WaWebReaction = { id: { _serialized: `false_${from}_R${Math.random().toString(36).slice(2)}`, fromMe: false, remote: from }, reaction: emoji, senderId: from, timestamp: Math.floor(Date.now() / 1000) };
    this.emit('message_reaction', reaction);
  }
}

/** Hands out stand-ins in order and remembers each, so a test can see reconnects. */
export function standInFactory(setup: (c: StandInClient) => void = () => undefined): {
  factory: (o: WebClientOptions) => Promise<StandInClient>;
  clients: StandInClient[];
  /** Resolves with the n-th client (1-based) once the adapter has called its initialize(). */
  client: (n: number) => Promise<StandInClient>;
} {
  const clients: StandInClient[] = [];
  let waiting: { n: number; resolve: (c: StandInClient) => void }[] = [];
  const wake = (): void => {
    const ready = waiting.filter((w) => (clients[w.n - 1]?.initialized ?? 0) > 0);
    waiting = waiting.filter((w) => !ready.includes(w));
    for (const w of ready) {
      const c = clients[w.n - 1];
      if (c) w.resolve(c);
    }
  };
  return {
    clients,
    async factory(options) {
      const c = new StandInClient(options);
      setup(c);
      c.afterInitialize = wake;
      clients.push(c);
      return c;
    },
    client(n) {
      return new Promise((resolve) => {
        waiting.push({ n, resolve });
        wake();
      });
    },
  };
}

export interface GraphCall {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown> & { to?: string; type?: string };
}

/** A local Graph API: records every POST, answers with a message id, or with an error for `refuse`. */
export async function startGraphServer(): Promise<{
  url: string;
  calls: GraphCall[];
  refuse: Map<string, { status: number; code: number; message: string }>;
  close(): Promise<void>;
}> {
  const calls: GraphCall[] = [];
  const refuse = new Map<string, { status: number; code: number; message: string }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphCall['body'];
      const refusal = body.to ? refuse.get(body.to) : undefined;
      res.setHeader('content-type', 'application/json');
      if (refusal) {
        res.statusCode = refusal.status;
        res.end(JSON.stringify({ error: { message: refusal.message, type: 'OAuthException', code: refusal.code, fbtrace_id: 'x' } }));
        return;
      }
      calls.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.OUT${calls.length}` }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    calls,
    refuse,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function sign(raw: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/** A webhook notification as Meta sends it, with one change holding messages and/or statuses. */
export function notification(phoneNumberId: string, value: { messages?: unknown[]; statuses?: unknown[]; contacts?: unknown[] }): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '420541000000', phone_number_id: phoneNumberId }, ...value } }] }],
  });
}
