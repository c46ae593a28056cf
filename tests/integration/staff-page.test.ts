import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/runtime.js';
import { addStaff, loginAs } from '../support/staff.js';
import { webAssets } from '../support/webchat-browser.js';

/** GET /staff and its bundles through app.inject: headers, caching, and the page when nothing is built. */
let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ WEBCHAT_ASSETS_DIR: webAssets() });
  await addStaff(svc.runtime, 'jana@example.org', 'staff');
});
afterAll(async () => {
  await svc.close();
});

function assetUrls(html: string): { script: string; style: string } {
  const script = /<script src="([^"]+)" defer><\/script>/.exec(html)?.[1];
  const style = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
  if (!script || !style) throw new Error('the page names no bundles');
  return { script, style };
}

describe('the staff inbox page', () => {
  it('is a shell with a strict Content-Security-Policy: own script and style only, no inline code, never framed', async () => {
    const res = await svc.app.inject({ url: '/staff' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // Every script element has a src: nothing inline for the CSP to allow.
    expect(res.body.match(/<script\b[^>]*>/g)).toEqual([expect.stringMatching(/^<script src="\/staff\/assets\/staff\.js\?v=[\w-]{16}" defer>$/)]);
    expect(res.body).not.toMatch(/\sstyle=|\son\w+=/);
    expect(res.body).toContain('data-session="no"');
  });

  it('says whether a session cookie came with the request, so that the script asks /api/staff/me only then', async () => {
    const jana = await loginAs(svc.app, 'jana@example.org');
    const res = await svc.app.inject({ url: '/staff', headers: { cookie: `cz_staff=${jana.cookie}` } });
    expect(res.body).toContain('data-session="yes"');
    expect(res.body).not.toContain('jana');
    const forged = await svc.app.inject({ url: '/staff', headers: { cookie: 'cz_staff=forged' } });
    expect(forged.body).toContain('data-session="no"');
  });

  it('serves its bundles gzipped, cached for good under a versioned URL, and 304 on a matching ETag', async () => {
    const { script, style } = assetUrls((await svc.app.inject({ url: '/staff' })).body);
    const js = await svc.app.inject({ url: script, headers: { 'accept-encoding': 'gzip' } });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(js.rawPayload).toString('utf8')).toContain('/api/staff/events');
    const css = await svc.app.inject({ url: style });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('.transcript');
    const again = await svc.app.inject({ url: style, headers: { 'if-none-match': String(css.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const unversioned = await svc.app.inject({ url: '/staff/assets/staff.css' });
    expect(unversioned.headers['cache-control']).toBe('no-cache');
    expect((await svc.app.inject({ url: '/staff/assets/chat.js' })).statusCode).toBe(400);
    expect((await svc.app.inject({ url: '/staff/assets/..%2Fchat.js' })).statusCode).toBe(400);
  });

  it('answers 503 with how to build it when the bundles are missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cz-nobuild-'));
    const bare = await startTestService({ WEBCHAT_ASSETS_DIR: empty });
    try {
      const res = await bare.app.inject({ url: '/staff' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build:web');
      // The API works without the page.
      expect((await bare.app.inject({ url: '/api/staff/conversations' })).statusCode).toBe(401);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
