import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import type { Runtime } from '../../runtime.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m?.[1]) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Without METRICS_TOKEN only a scraper on this machine may read the metrics: the socket's own
 * address must be loopback (not the forwarded one, which a client can write), and a request that
 * came through a proxy (which would also connect from loopback) is refused.
 */
function isDirectLocal(req: FastifyRequest): boolean {
  const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
  return !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

/** GET /metrics in the Prometheus text format. */
export const metricsRoute: FastifyPluginAsync<{ runtime: Runtime }> = async (app, { runtime }) => {
  const { metricsEnabled, metricsToken } = runtime.config.insights;
  if (!metricsEnabled) return;
  app.get('/metrics', async (req, reply) => {
    if (metricsToken !== null) {
      if (!bearerMatches(req.headers.authorization, metricsToken)) {
        void reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('UNAUTHORIZED', 'a bearer token is required');
      }
    } else if (!isDirectLocal(req)) {
      throw new AppError('FORBIDDEN', 'metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere');
    }
    const { contentType, body } = await runtime.metrics.render();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
};
