import { existsSync } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../src/config.js';
import { AppError } from '../../src/core/errors.js';
import type { Address, Channel, InboundMessage, SendResult } from '../../src/core/message.js';
import type { Log, Store } from '../../src/core/ports.js';
import type { Translator } from '../../src/i18n.js';
import { adminPageRoutes } from './admin-page.js';
import { cloudChannel, type TemplateOptions } from './cloud-channel.js';
import { GraphApi } from './cloud-graph.js';
import { applyStatus } from './cloud-status.js';
import { cloudWebhookRoutes } from './cloud-webhook.js';
import { CustomerWindow, type TemplateSetting } from './cloud-window.js';
import { realWebClient, type WebClientFactory } from './web-client.js';
import { webChannel } from './web-channel.js';
import { fromWebMessage, fromWebReaction, type Converted } from './web-inbound.js';
import { defaultReconnectDelay, WebSession } from './web-session.js';

export type { TemplateOptions } from './cloud-channel.js';
export { WindowClosedError } from './cloud-window.js';

export interface WhatsappDeps {
  config: Config;
  pipeline: { handle(inbound: InboundMessage): Promise<unknown> };
  store: Store;
  i18n: Translator;
  log: Log;
  clock: () => Date;
  newId: () => string;
}

/** What tests replace: the whatsapp-web.js client (a stand-in), the terminal, the reconnect pause. */
export interface WhatsappOverrides {
  webClient?: WebClientFactory;
  terminal?: (text: string) => void;
  reconnectDelayMs?: (attempt: number) => number;
}

export interface WhatsappService {
  readonly mode: 'web' | 'cloud';
  readonly channel: Channel;
  /** For /readyz: reported, but it does not make the service unready (the admin must reach the pairing page). */
  readiness(): { connected: boolean; detail: string };
  /** Webhook (cloud) or pairing page (web) routes; registered by the HTTP app. */
  readonly routes: FastifyPluginAsyncTypebox;
  /** The approved template, for a staff reply outside the 24-hour window (cloud mode only). */
  sendTemplate(to: Address, opts?: TemplateOptions): Promise<SendResult>;
  close(): Promise<void>;
}

/** Builds the WhatsApp channel the settings ask for, or null when WHATSAPP_MODE=off. */
export async function startWhatsapp(deps: WhatsappDeps, overrides: WhatsappOverrides = {}): Promise<WhatsappService | null> {
  const wa = deps.config.whatsapp;
  if (wa.mode === 'web') return startWeb(deps, overrides);
  if (wa.mode === 'cloud') return startCloud(deps);
  return null;
}

function handleConverted(deps: WhatsappDeps, converted: Converted, kind: string): Promise<void> {
  if ('dropped' in converted) {
    deps.log.debug({ channel: 'whatsapp', kind, reason: converted.dropped }, 'inbound dropped');
    return Promise.resolve();
  }
  return deps.pipeline.handle(converted.inbound).then(() => undefined);
}

function startWeb(deps: WhatsappDeps, overrides: WhatsappOverrides): WhatsappService {
  const wa = deps.config.whatsapp;
  if (!overrides.webClient && !existsSync(wa.chromiumPath)) {
    throw new AppError('BAD_CONFIG', `WHATSAPP_CHROMIUM_PATH=${JSON.stringify(wa.chromiumPath)}: no browser there (install Debian's chromium or set the path)`);
  }
  const session = new WebSession({
    factory: overrides.webClient ?? realWebClient,
    options: { chromiumPath: wa.chromiumPath, dataDir: deps.config.dataDir, pairingPhone: wa.pairingPhone },
    onMessage: (m) => handleConverted(deps, fromWebMessage(m), 'message'),
    onReaction: (r) => handleConverted(deps, fromWebReaction(r), 'reaction'),
    log: deps.log,
    terminal: overrides.terminal ?? ((text) => void process.stderr.write(`${text}\n`)),
    reconnectDelayMs: overrides.reconnectDelayMs ?? defaultReconnectDelay,
    clock: deps.clock,
  });
  session.start();
  return {
    mode: 'web',
    channel: webChannel(session),
    readiness() {
      const s = session.state;
      switch (s.kind) {
        case 'ready':
          return { connected: true, detail: 'ok (web: connected)' };
        case 'pairing':
          return { connected: false, detail: `pairing (web: ${s.code ? 'enter the pairing code' : 'scan the QR code'}, see /admin/whatsapp or the terminal)` };
        case 'reconnecting':
          return { connected: false, detail: `reconnecting (web: attempt ${s.attempt})` };
        default:
          return { connected: false, detail: `${s.kind} (web)` };
      }
    },
    routes: adminPageRoutes({ adminToken: deps.config.adminToken, state: () => session.state }),
    async sendTemplate() {
      throw new AppError('BAD_CONFIG', 'templates exist only with the WhatsApp Cloud API (WHATSAPP_MODE=cloud)');
    },
    close: () => session.close(),
  };
}

function startCloud(deps: WhatsappDeps): WhatsappService {
  const wa = deps.config.whatsapp;
  const { verifyToken, appSecret, token, phoneNumberId } = wa;
  // config.ts requires all four in cloud mode; this only narrows the types.
  if (!verifyToken || !appSecret || !token || !phoneNumberId) throw new AppError('BAD_CONFIG', 'WhatsApp Cloud API settings are incomplete');
  const template: TemplateSetting | null = wa.templateName ? { name: wa.templateName, lang: wa.templateLang } : null;
  const graph = new GraphApi({ graphUrl: wa.graphUrl, token, phoneNumberId });
  const window = new CustomerWindow(
    async (thread) => {
      const c = await deps.store.conversations.get(`whatsapp:${thread}`);
      return c?.lastUserAt ? new Date(c.lastUserAt) : null;
    },
    deps.clock,
    template,
  );
  const channel = cloudChannel({ graph, window, template, listButton: (lang) => deps.i18n.t(lang, 'whatsapp.listButton') });
  return {
    mode: 'cloud',
    channel,
    readiness: () => ({ connected: true, detail: 'ok (cloud)' }),
    routes: cloudWebhookRoutes({
      verifyToken,
      appSecret,
      phoneNumberId,
      handle: (inbound) => deps.pipeline.handle(inbound),
      noteInbound: (thread, at) => window.noteInbound(thread, at),
      applyStatus: (s) => applyStatus(deps.store, s, deps.newId, deps.clock()),
      clock: deps.clock,
      log: deps.log,
    }),
    sendTemplate: (to, opts) => channel.sendTemplate(to, opts),
    close: async () => undefined,
  };
}
