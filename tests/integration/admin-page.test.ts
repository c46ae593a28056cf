import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/runtime.js';
import { addStaff, loginAs } from '../support/staff.js';
import { webAssets } from '../support/webchat-browser.js';

/** GET /admin and its bundles: what the browser is told to allow, and caching. */
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ WEBCHAT_ASSETS_DIR: webAssets() });
});
afterAll(async () => {
  await svc?.close();
});

describe('the editor page', () => {
  it('is a shell with a strict policy: own script and style only, never framed, Trusted Types', async () => {
    const res = await svc.app.inject({ url: '/admin' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    for (const d of ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "require-trusted-types-for 'script'", "trusted-types 'none'"]) expect(csp).toContain(d);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('data-session="no"');
    const script = /src="(\/admin\/assets\/admin\.js\?v=[\w-]+)"/.exec(res.body)?.[1];
    expect(script).toBeDefined();
    const js = await svc.app.inject({ url: script ?? '', headers: { 'accept-encoding': 'gzip' } });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await svc.app.inject({ url: '/admin/assets/admin.js', headers: { 'if-none-match': String(js.headers.etag) } })).statusCode).toBe(304);
    expect((await svc.app.inject({ url: '/admin/assets/other.js' })).statusCode).toBe(400);
  });

  it('knows whether a session cookie came, and shows no data in the HTML', async () => {
    await addStaff(svc.runtime, 'eva@example.org', 'editor', { name: 'Eva Secret-Name' });
    const eva = await loginAs(svc.app, 'eva@example.org');
    const res = await svc.app.inject({ url: '/admin', headers: { cookie: `cz_staff=${eva.cookie}` } });
    expect(res.body).toContain('data-session="yes"');
    expect(res.body).not.toContain('Secret-Name');
  });

  it('says how to build the bundles when they are missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cz-no-assets-'));
    const bare = await startTestService({ WEBCHAT_ASSETS_DIR: empty });
    try {
      const res = await bare.app.inject({ url: '/admin' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build:web');
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
