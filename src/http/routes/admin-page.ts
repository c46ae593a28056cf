import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { makeAsset, type Asset } from '../../../adapters/webchat/assets.js';
import type { Runtime } from '../../runtime.js';

/** The editors' bundles, written by scripts/build-web.mjs next to the web chat's and the inbox's. */
const FILES = { 'admin.js': 'text/javascript; charset=utf-8', 'admin.css': 'text/css; charset=utf-8' } as const;
type FileName = keyof typeof FILES;

const AssetParams = Type.Object({ file: Type.Union([Type.Literal('admin.js'), Type.Literal('admin.css')]) });
const AssetQuery = Type.Object({ v: Type.Optional(Type.String({ maxLength: 64 })) });

/**
 * Only the page's own script, style and API; never framed; Trusted Types make every HTML-parsing
 * sink throw, so what users asked and what editors wrote can only ever be shown as text.
 */
export const ADMIN_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

function loadBundles(dir: string): Map<FileName, Asset> | null {
  const names = Object.keys(FILES) as FileName[];
  if (!names.every((n) => existsSync(join(dir, n)))) return null;
  return new Map(names.map((n) => [n, makeAsset(readFileSync(join(dir, n), 'utf8'), FILES[n])]));
}

/** The shell: the script draws sign-in or the editor; no data is in the HTML. */
function shell(script: string, style: string, session: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<meta name="theme-color" content="#0b4f8a">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>Knowledge base · Znalostní báze</title>
<link rel="stylesheet" href="${style}">
<script src="${script}" defer></script>
</head>
<body data-session="${session ? 'yes' : 'no'}">
<div id="app"><noscript><p>The editor needs JavaScript. · Editor potřebuje JavaScript.</p></noscript></div>
</body>
</html>
`;
}

function secure(reply: FastifyReply): FastifyReply {
  return reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
}

function serveAsset(req: FastifyRequest, reply: FastifyReply, asset: Asset, immutable: boolean): FastifyReply {
  secure(reply).header('etag', asset.etag).header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').header('vary', 'accept-encoding').type(asset.type);
  if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.body);
}

/** GET /admin (editors: the knowledge base, the review of missed questions, the dashboard) and its bundles. */
export const adminPage: FastifyPluginAsyncTypebox<{ runtime: Runtime }> = async (app, { runtime }) => {
  const dir = runtime.config.webchat.assetsDir;
  const bundles = loadBundles(dir);
  if (!bundles) runtime.log.warn({ dir }, 'editor pages are off: the browser bundles are not built (npm run build:web)');
  const notBuilt = (reply: FastifyReply): FastifyReply => reply.code(503).type('text/plain; charset=utf-8').send('The editor pages are not built on this server: run npm run build:web.');

  app.get('/admin', async (req, reply) => {
    const js = bundles?.get('admin.js');
    const css = bundles?.get('admin.css');
    if (!js || !css) return notBuilt(reply);
    return secure(reply)
      .header('content-security-policy', ADMIN_PAGE_CSP)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(shell(`/admin/assets/admin.js?v=${js.version}`, `/admin/assets/admin.css?v=${css.version}`, req.staffAuth !== null));
  });

  app.get('/admin/assets/:file', { schema: { params: AssetParams, querystring: AssetQuery } }, async (req, reply) => {
    const asset = bundles?.get(req.params.file);
    if (!asset) return notBuilt(reply);
    return serveAsset(req, reply, asset, req.query.v === asset.version);
  });
};
