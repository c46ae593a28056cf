import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Runtime } from '../runtime.js';
import { errorHandler } from './plugins/error-handler.js';
import { healthRoutes } from './routes/health.js';
import { webchatApi } from './routes/webchat-api.js';

/** The whole HTTP surface as one plugin; server.ts only listens, tests use app.inject. */
export const appPlugin = fp(
  async (app: FastifyInstance, opts: { runtime: Runtime }) => {
    await app.register(errorHandler);
    await app.register(healthRoutes, { runtime: opts.runtime });
    await app.register(webchatApi, { runtime: opts.runtime });
  },
  { name: 'app' },
);
