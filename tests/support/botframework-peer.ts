import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the connector (the activity's serviceUrl). */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  replyToId: string | null;
  authorization: string | null;
  activity: BotActivity;
}

/** The fields of an outgoing activity the tests read. */
export interface BotActivity {
  type: string;
  text?: string;
  textFormat?: string;
  locale?: string;
  replyToId?: string;
  conversation?: { id: string };
  suggestedActions?: { actions: { type: string; title: string; value: unknown; text?: string; displayText?: string }[] };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw ? (JSON.parse(raw) as unknown) : null;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * The Bot Connector service as far as the bot uses it: replies and proactive messages are
 * POSTed to /v3/conversations/{id}/activities[/{replyToId}]. It records them, and answers
 * 403 for conversations marked as refused (a user who removed the bot).
 */
export class LocalConnector {
  readonly calls: ConnectorCall[] = [];
  readonly refused = new Set<string>();
  private server: Server | null = null;
  url = '';
  private seq = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.url = await listen(this.server);
    return this;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (req.method !== 'POST' || !m) return json(res, 404, { error: { code: 'NotFound', message: path } });
    const conversationId = decodeURIComponent(m[1] ?? '');
    const activity = (await readJson(req)) as BotActivity;
    if (this.refused.has(conversationId)) return json(res, 403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
    this.calls.push({
      method: req.method,
      path,
      conversationId,
      replyToId: m[2] ? decodeURIComponent(m[2]) : null,
      authorization: req.headers.authorization ?? null,
      activity,
    });
    json(res, 200, { id: `sent-${++this.seq}` });
  }

  for(conversationId: string): BotActivity[] {
    return this.calls.filter((c) => c.conversationId === conversationId).map((c) => c.activity);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/**
 * Stands in for login.botframework.com: an OpenID configuration and its signing keys, and a way to
 * sign tokens as the Bot Framework Service would (or as a forger would, with another key).
 */
export class LocalIssuer {
  readonly kid = 'local-signing-key';
  private readonly key: KeyObject;
  private readonly publicJwk: { n: string; e: string };
  private server: Server | null = null;
  url = '';

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.key = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicJwk = { n: String(jwk.n), e: String(jwk.e) };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/openid') return json(res, 200, { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys` });
      if (path === '/keys') return json(res, 200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, ...this.publicJwk }] });
      return json(res, 404, {});
    });
    this.url = await listen(this.server);
    return this;
  }

  /** A channel token; `signWith: 'forger'` signs it with a key the issuer never published. */
  token(claims: Record<string, unknown>, opts: { signWith?: 'issuer' | 'forger' } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid }));
    const payload = b64url(JSON.stringify({ iss: 'https://api.botframework.com', iat: now, nbf: now - 60, exp: now + 3600, ...claims }));
    const key = opts.signWith === 'forger' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : this.key;
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let activitySeq = 0;

/** An incoming activity as a channel would POST it to /api/messages. */
export function incoming(serviceUrl: string, over: Record<string, unknown> & { conversation?: { id: string; isGroup?: boolean; conversationType?: string; tenantId?: string } }): Record<string, unknown> {
  activitySeq++;
  return {
    type: 'message',
    id: `in-${activitySeq}`,
    channelId: 'emulator',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: 'user-1', name: 'Olena Test' },
    recipient: { id: 'bot-1', name: 'CentreBot' },
    conversation: { id: 'conv-1' },
    ...over,
  };
}
