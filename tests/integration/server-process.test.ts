import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDIS_URL, uniquePrefix } from '../support/runtime.js';
import { TSX, exited, run, startServer } from '../support/processes.js';

describe('the service process', () => {
  it('stops at start on a bad setting, naming it', async () => {
    const res = await run(TSX, ['src/server.ts'], { env: { PORT: 'not-a-port' } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('PORT="not-a-port": must be a port number from 1 to 65535');
  });

  it('serves on SQLite, logs no message text at info, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cz-proc-'));
    const srv = await startServer({ DATA_DIR: dataDir });
    try {
      expect(await (await fetch(`${srv.url}/readyz`)).json()).toMatchObject({ status: 'ready', checks: { store: 'ok (sqlite)' } });
      const secret = 'Jak získat trvalý pobyt, jmenuji se Olena Kovalenko';
      const res = await fetch(`${srv.url}/api/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ visitor: 'process-visitor-1', text: secret }) });
      expect(res.status).toBe(200);
      srv.child.kill('SIGTERM');
      expect(await exited(srv.child)).toBe(0);
      expect(srv.output()).toContain('"msg":"turn"');
      expect(srv.output()).not.toContain('Kovalenko');
      expect(srv.output()).toContain('"msg":"stopped"');
    } finally {
      srv.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps its state in Redis when REDIS_URL is set', async () => {
    const srv = await startServer({ REDIS_URL, REDIS_PREFIX: uniquePrefix('proc') });
    try {
      expect(await (await fetch(`${srv.url}/readyz`)).json()).toMatchObject({ status: 'ready', checks: { store: 'ok (redis)' } });
    } finally {
      srv.child.kill('SIGTERM');
      await exited(srv.child);
    }
  });
});
