import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The part of whatsapp-web.js's Client this adapter uses. Both the real Client and the tests'
 * stand-in satisfy it, so the session logic is tested without a browser or a phone.
 */
export interface WaWebMessage {
  id: { _serialized: string };
  /** The chat: "<digits>@c.us", "<id>@lid", "<id>@g.us" for groups, "status@broadcast". */
  from: string;
  /** The sender inside a group chat. */
  author?: string | undefined;
  body: string;
  type: string;
  fromMe: boolean;
  isStatus?: boolean | undefined;
  broadcast?: boolean | undefined;
  /** Unix seconds. */
  timestamp: number;
}

export interface WaWebReaction {
  id: { _serialized: string; fromMe: boolean; remote: string };
  /** The emoji; empty when a reaction is taken back. */
  reaction: string;
  senderId: string;
  timestamp: number;
}

export interface WaWebClient {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'code', listener: (code: string) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  on(event: 'authenticated', listener: () => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'message', listener: (message: WaWebMessage) => void): unknown;
  on(event: 'message_reaction', listener: (reaction: WaWebReaction) => void): unknown;
  on(event: 'disconnected', listener: (reason: string) => void): unknown;
  initialize(): Promise<void>;
  sendMessage(chatId: string, content: string, options?: { linkPreview?: boolean }): Promise<{ id: { _serialized: string } }>;
  destroy(): Promise<void>;
  removeAllListeners(): unknown;
}

export interface WebClientOptions {
  chromiumPath: string;
  /** LocalAuth keeps the login here, so that a restart needs no new scan. */
  dataDir: string;
  pairingPhone: string | null;
}

export type WebClientFactory = (opts: WebClientOptions) => Promise<WaWebClient>;

/**
 * Loads whatsapp-web.js (and puppeteer with it) only when WHATSAPP_MODE=web asks for it, so the
 * service starts, and its tests run, without either.
 */
export const realWebClient: WebClientFactory = async (opts) => {
  const { default: wweb } = await import('whatsapp-web.js');
  const authDir = join(opts.dataDir, 'whatsapp-web', 'auth');
  const cacheDir = join(opts.dataDir, 'whatsapp-web', 'cache');
  mkdirSync(authDir, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  const client: WaWebClient = new wweb.Client({
    authStrategy: new wweb.LocalAuth({ dataPath: authDir }),
    // The library's default cache path is relative to the working directory; keep it with our data.
    webVersionCache: { type: 'local', path: cacheDir },
    puppeteer: {
      executablePath: opts.chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    ...(opts.pairingPhone ? { pairWithPhoneNumber: { phoneNumber: opts.pairingPhone, showNotification: true } } : {}),
  });
  return client;
};
