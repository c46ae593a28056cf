import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Runtime } from '../runtime.js';
import { appPlugin } from './app.js';
import { loggerOptions } from '../logger.js';

/** A Fastify instance with the app registered; `logger: false` in tests unless asked. */
export async function buildApp(runtime: Runtime, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(runtime.config.logLevel),
    bodyLimit: runtime.config.bodyLimit,
    trustProxy: true,
    // Our own ids in logs, never a user's message.
    disableRequestLogging: runtime.config.logLevel !== 'debug' && runtime.config.logLevel !== 'trace',
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(appPlugin, { runtime });
  return app;
}
