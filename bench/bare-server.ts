/**
 * The baseline of `npm run bench:load`: a bare Fastify route that parses a JSON body like the
 * service's routes do and answers at once. Same Node, same machine, same run: what is left of the
 * service's figures beyond it is the service's own work (matching, the store, the channel).
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/bare', async (req) => ({ ok: true, echo: typeof req.body === 'object' && req.body !== null ? Object.keys(req.body).length : 0 }));
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
