import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Runtime } from '../../runtime.js';

/** /healthz: the process answers. /readyz: the store answers and the knowledge base is loaded. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ runtime: Runtime }> = async (app, { runtime }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, string> = {};
    try {
      await runtime.store.ping();
      checks.store = `ok (${runtime.store.kind})`;
    } catch {
      checks.store = `unavailable (${runtime.store.kind})`;
    }
    checks.knowledgeBase = runtime.knowledge.size > 0 ? `ok (${runtime.knowledge.size} entries)` : 'empty';
    // Reported, not required: an unpaired WhatsApp Web must not take the pairing page out of rotation.
    if (runtime.whatsapp) checks.whatsapp = runtime.whatsapp.readiness().detail;
    const ready = checks.store.startsWith('ok') && checks.knowledgeBase.startsWith('ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
};
