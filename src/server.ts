import { ConfigError, loadConfig } from './config.js';
import { buildApp } from './http/build.js';
import { createLogger } from './logger.js';
import { createRuntime } from './runtime.js';

/** Listens and shuts down gracefully; everything else lives in the app plugin and the runtime. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every setting and its default.\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const runtime = await createRuntime(config, log);
  const app = await buildApp(runtime);
  await app.listen({ port: config.port, host: config.host });
  log.info({ store: runtime.store.kind, entries: runtime.knowledge.size }, 'ready');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing turns in flight');
    const deadline = Date.now() + config.shutdownTimeoutMs;
    // Stop taking requests; in-flight requests (and so their turns) finish before close resolves.
    const closing = app.close();
    while (runtime.pipeline.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await Promise.race([closing, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    await runtime.close();
    log.info({ unfinished: runtime.pipeline.inFlight }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`Failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
