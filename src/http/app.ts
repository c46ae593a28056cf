import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Runtime } from '../runtime.js';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { errorHandler } from './plugins/error-handler.js';
import { staffAuth } from './plugins/staff-auth.js';
import { staffApi } from './routes/staff-api.js';
import { privacyApi } from './routes/privacy-api.js';
import { staffPage } from './routes/staff-page.js';
import { adminKbApi } from './routes/admin-kb-api.js';
import { adminInsightsApi } from './routes/admin-insights-api.js';
import { adminPage } from './routes/admin-page.js';
import { announcementsApi } from './routes/announcements-api.js';
import { announcementsPage } from './routes/announcements-page.js';
import { metricsRoute } from './routes/metrics-route.js';
import { healthRoutes } from './routes/health.js';
import { webchatApi } from './routes/webchat-api.js';
import websocket from '@fastify/websocket';
import { webchatWeb } from '../../adapters/webchat/webchat-web.js';
import { botframeworkRoute } from '../../adapters/botframework/botframework-route.js';
import { telegramWebhookRoute } from '../../adapters/telegram/telegram-webhook-route.js';

/** The whole HTTP surface as one plugin; server.ts only listens, tests use app.inject. */
export const appPlugin = fp(
  async (app: FastifyInstance, opts: { runtime: Runtime }) => {
    await app.register(errorHandler);
    await app.register(cookie);
    // Limits only where a route asks for one (the staff login); web chat has its own per-visitor limits.
    await app.register(rateLimit, { global: false });
    await app.register(staffAuth, { accounts: opts.runtime.staff.accounts });
    await app.register(staffApi, { runtime: opts.runtime });
    await app.register(privacyApi, { runtime: opts.runtime });
    await app.register(staffPage, { runtime: opts.runtime });
    // Editors: the knowledge base, the review of missed questions, the dashboard (/admin); and /metrics.
    await app.register(adminKbApi, { runtime: opts.runtime });
    await app.register(adminInsightsApi, { runtime: opts.runtime });
    await app.register(adminPage, { runtime: opts.runtime });
    await app.register(announcementsApi, { runtime: opts.runtime });
    await app.register(announcementsPage, { runtime: opts.runtime });
    await app.register(metricsRoute, { runtime: opts.runtime });
    await app.register(healthRoutes, { runtime: opts.runtime });
    // One WebSocket server for every socket route; a frame larger than this closes the connection.
    await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
    await app.register(webchatApi, { runtime: opts.runtime });
    await app.register(webchatWeb, { ctx: opts.runtime });
    if (opts.runtime.botframework) await app.register(botframeworkRoute, { endpoint: opts.runtime.botframework });
    if (opts.runtime.telegram?.mode === 'webhook') await app.register(telegramWebhookRoute, { telegram: opts.runtime.telegram });
    // WhatsApp's webhook (cloud) or pairing page (web), in its own encapsulated context.
    if (opts.runtime.whatsapp) await app.register(opts.runtime.whatsapp.routes);
  },
  { name: 'app' },
);
