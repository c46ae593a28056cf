import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Telegram Bot API for tests with real service processes: answers every method,
 * records sendMessage, and can hold sendMessage unanswered (`hold()`), so that a test can stop or
 * kill the service at a known point: in the middle of a turn, after its state is saved.
 * (telegram-test-api stores messages but cannot hold a call, and a process test needs no emulator.)
 */
export interface SentMessage {
  chatId: string;
  text: string;
  at: number;
}

export interface BotApiStub {
  readonly apiRoot: string;
  readonly sent: SentMessage[];
  /** sendMessage calls waiting for release(). */
  readonly held: SentMessage[];
  hold(): void;
  /** Answers the held calls (if their caller is still there) and stops holding. */
  release(): void;
  sentTo(chatId: number | string): SentMessage[];
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(raw));
  }
}

export async function startBotApiStub(): Promise<BotApiStub> {
  const sent: SentMessage[] = [];
  const held: SentMessage[] = [];
  const waiting: ServerResponse[] = [];
  let holding = false;
  let nextId = 1;
  const ok = (res: ServerResponse, result: unknown): void => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, result }));
  };
  const server = createServer((req, res) => {
    void (async () => {
      const m = /^\/bot[^/]+\/([A-Za-z]+)/.exec(req.url ?? '');
      const method = m?.[1] ?? '';
      const b = await body(req);
      if (method !== 'sendMessage') return ok(res, method === 'getUpdates' ? [] : true);
      const message = { chatId: String(b.chat_id), text: String(b.text ?? ''), at: Date.now() };
      if (holding) {
        held.push(message);
        waiting.push(res);
        return;
      }
      sent.push(message);
      ok(res, { message_id: nextId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(b.chat_id), type: 'private' }, text: message.text });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiRoot,
    sent,
    held,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const res of waiting.splice(0)) ok(res, { message_id: nextId++, date: Math.floor(Date.now() / 1000), chat: { id: 0, type: 'private' }, text: '' });
    },
    sentTo: (chatId) => sent.filter((s) => s.chatId === String(chatId)),
    async waitFor(what, predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      for (const res of waiting.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const STUB_BOT_TOKEN = '123456789:STUB-token_for-process-tests-0000';
export const STUB_WEBHOOK_SECRET = 'process-test-webhook-secret-0123456789';

/** The settings that point a service process at the stub, in webhook mode. */
export function telegramEnv(stub: BotApiStub): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: STUB_BOT_TOKEN,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: STUB_WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: stub.apiRoot,
    PUBLIC_URL: 'https://assistant.example.org',
  };
}

export function textUpdate(updateId: number, chatId: number, text: string, languageCode = 'en'): Record<string, unknown> {
  return {
    update_id: updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'T', language_code: languageCode }, text },
  };
}

/** Posts an update to a service's webhook as Telegram does (with the secret). */
export function pushUpdate(baseUrl: string, update: Record<string, unknown>): Promise<Response> {
  return fetch(`${baseUrl}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': STUB_WEBHOOK_SECRET },
    body: JSON.stringify(update),
  });
}
