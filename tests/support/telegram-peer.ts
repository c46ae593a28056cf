import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { TelegramClient } from 'telegram-test-api/lib/modules/telegramClient.js';

/**
 * telegram-test-api (a Bot API emulator) with a thin layer in front, for what it lacks:
 * - it listens on a fixed port (9000 unless told): here its express app is mounted in a server
 *   on 127.0.0.1 port 0 instead;
 * - setMyCommands is unknown to it: answered and recorded here;
 * - its webhook push carries no X-Telegram-Bot-Api-Secret-Token and crashes the process when the
 *   bot answers an error: here setWebhook is recorded (url, secret), the emulator pushes to this
 *   layer, which forwards with the secret (as Telegram does) and always answers the emulator 200;
 * - it cannot produce edited messages or replay an update: injectUpdate() hands a raw update to
 *   the bot (in the next getUpdates answer, or pushed to the webhook);
 * - it has no error answers: script() makes the next calls of a method fail (429, 403, 500).
 * Every Bot API call is recorded in `calls`.
 */
export const TEST_BOT_TOKEN = '123456789:TEST-token_for-the-emulator-000';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
}

export interface ScriptedReply {
  status: number;
  body: unknown;
}

export interface BotMessage {
  chatId: string;
  text: string;
  parseMode: string | null;
  /** Inline keyboard as rows of [label, callback_data]. */
  keyboard: [string, string][][] | null;
  linkPreviewsOff: boolean;
}

export interface Push {
  updateId: number;
  status: number;
}

export interface TelegramPeer {
  readonly apiRoot: string;
  /** Stands for the service's public address: PUBLIC_URL in tests; forwarded to setPublicTarget(). */
  readonly publicUrl: string;
  readonly server: TelegramServer;
  readonly calls: RecordedCall[];
  readonly pushes: Push[];
  readonly webhook: { url: string; secret: string | null } | null;
  setPublicTarget(baseUrl: string): void;
  script(method: string, ...replies: ScriptedReply[]): void;
  /** Injected updates not yet fetched by getUpdates. */
  injectedPending(): number;
  /** Scripted replies of a method not yet used. */
  scripted(method: string): number;
  injectUpdate(update: { update_id: number } & Record<string, unknown>): Promise<void>;
  client(options?: { userId?: number; chatId?: number; firstName?: string; type?: 'private' | 'group' }): TelegramClient;
  botMessages(chatId: number): BotMessage[];
  waitForBotMessages(chatId: number, count: number, timeoutMs?: number): Promise<BotMessage[]>;
  /** Polls `predicate` (after `refresh`, for state read asynchronously) until true or the timeout. */
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number, refresh?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

function isListener(x: unknown): x is RequestListener {
  return typeof x === 'function';
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return Object.fromEntries(new URLSearchParams(raw));
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function toBotMessage(raw: unknown): BotMessage | null {
  if (!isRecord(raw)) return null;
  const markup = typeof raw.reply_markup === 'string' ? (JSON.parse(raw.reply_markup) as unknown) : raw.reply_markup;
  let keyboard: [string, string][][] | null = null;
  if (isRecord(markup) && Array.isArray(markup.inline_keyboard)) {
    keyboard = markup.inline_keyboard.map((row: unknown) =>
      Array.isArray(row) ? row.map((b: unknown): [string, string] => (isRecord(b) ? [String(b.text), String(b.callback_data)] : ['', ''])) : [],
    );
  }
  const preview = isRecord(raw.link_preview_options) ? raw.link_preview_options : {};
  return {
    chatId: String(raw.chat_id),
    text: typeof raw.text === 'string' ? raw.text : '',
    parseMode: typeof raw.parse_mode === 'string' ? raw.parse_mode : null,
    keyboard,
    linkPreviewsOff: preview.is_disabled === true,
  };
}

export async function startTelegramPeer(): Promise<TelegramPeer> {
  const calls: RecordedCall[] = [];
  const pushes: Push[] = [];
  const scripts = new Map<string, ScriptedReply[]>();
  const injected: Record<string, unknown>[] = [];
  let webhook: { url: string; secret: string | null } | null = null;
  let publicTarget: string | null = null;
  let emulator: RequestListener | null = null;
  let base = '';

  async function forwardToBot(update: Record<string, unknown>): Promise<number> {
    if (!webhook) return 0;
    const url = publicTarget && webhook.url.startsWith(`${base}/public`) ? publicTarget + webhook.url.slice(`${base}/public`.length) : webhook.url;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(webhook.secret ? { 'x-telegram-bot-api-secret-token': webhook.secret } : {}) },
      body: JSON.stringify(update),
    });
    await res.arrayBuffer();
    pushes.push({ updateId: Number(update.update_id), status: res.status });
    return res.status;
  }

  const http: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const body = await readJson(req);
      if (path === '/__push') {
        // Always 200 to the emulator: an error answer would crash it (and the test process).
        await forwardToBot(body).catch(() => pushes.push({ updateId: Number(body.update_id), status: 0 }));
        return sendJson(res, 200, {});
      }
      const bot = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
      if (bot) {
        const method = bot[2] ?? '';
        calls.push({ method, body });
        const scripted = scripts.get(method)?.shift();
        if (scripted) return sendJson(res, scripted.status, scripted.body);
        if (method === 'setMyCommands') return sendJson(res, 200, { ok: true, result: true });
        if (method === 'setWebhook') {
          webhook = { url: String(body.url), secret: typeof body.secret_token === 'string' ? body.secret_token : null };
          server.setWebhook({ url: `${base}/__push` }, bot[1] ?? '');
          return sendJson(res, 200, { ok: true, result: true });
        }
        if (method === 'deleteWebhook') webhook = null;
        if (method === 'getUpdates' && injected.length > 0) return sendJson(res, 200, { ok: true, result: injected.splice(0) });
      }
      // The emulator's body parser skips a request already marked as parsed.
      Object.assign(req, { body, _body: true });
      if (!emulator) return sendJson(res, 503, { ok: false });
      emulator(req, res);
    })().catch((e: unknown) => sendJson(res, 500, { ok: false, description: String(e) }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  const server = new TelegramServer({ port, host: '127.0.0.1' });
  const app: unknown = Reflect.get(server, 'webServer');
  if (!isListener(app)) throw new Error('telegram-test-api changed: no express app to mount');
  emulator = app;

  function botMessages(chatId: number): BotMessage[] {
    return server.storage.botMessages
      .map((m) => toBotMessage(m.message as unknown))
      .filter((m): m is BotMessage => m !== null && m.chatId === String(chatId));
  }

  async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000, refresh?: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await refresh?.();
      if (predicate()) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  return {
    apiRoot: base,
    publicUrl: `${base}/public`,
    server,
    calls,
    pushes,
    get webhook() {
      return webhook;
    },
    setPublicTarget(target) {
      publicTarget = target.replace(/\/+$/, '');
    },
    script(method, ...replies) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...replies]);
    },
    injectedPending() {
      return injected.length;
    },
    scripted(method) {
      return scripts.get(method)?.length ?? 0;
    },
    async injectUpdate(update) {
      if (webhook) await forwardToBot(update);
      else injected.push(update);
    },
    client(options = {}) {
      return server.getClient(TEST_BOT_TOKEN, { timeout: 5000, ...options });
    },
    botMessages,
    async waitForBotMessages(chatId, count, timeoutMs) {
      await waitFor(`${count} bot message(s) in chat ${chatId}`, () => botMessages(chatId).length >= count, timeoutMs);
      return botMessages(chatId);
    },
    waitFor,
    async close() {
      await new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      });
    },
  };
}
