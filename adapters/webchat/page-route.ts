import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { langFromTag } from '../../src/core/language.js';
import { loadAssets, type Asset } from './assets.js';
import type { WebchatContext } from './context.js';
import { pageConfig, uiStrings, WIDGET_CONFIG_PLACEHOLDER, widgetConfig } from './page-config.js';
import { renderPage } from './page-html.js';

const PageQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 35 })),
  embed: Type.Optional(Type.String({ maxLength: 5 })),
});
const AssetParams = Type.Object({ file: Type.Union([Type.Literal('chat.js'), Type.Literal('chat.css')]) });
const AssetQuery = Type.Object({ v: Type.Optional(Type.String({ maxLength: 64 })) });

/**
 * Who may frame the chat. The page itself allows nothing but its own script, style and socket,
 * and Trusted Types make any HTML-parsing sink throw: a message can only ever be text.
 */
export function pageCsp(allowedOrigins: string[] | '*'): string {
  const ancestors = allowedOrigins === '*' ? '*' : ["'self'", ...allowedOrigins].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    `frame-ancestors ${ancestors}`,
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

function serveAsset(req: FastifyRequest, reply: FastifyReply, asset: Asset, cacheControl: string): FastifyReply {
  reply.header('etag', asset.etag).header('cache-control', cacheControl).header('vary', 'accept-encoding').header('x-content-type-options', 'nosniff').type(asset.type);
  if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.body);
}

/** The full-page chat (/chat, the target of QR codes), the widget loader and their bundles. */
export const webchatPage: FastifyPluginAsyncTypebox<{ ctx: WebchatContext }> = async (app, { ctx }) => {
  const strings = uiStrings(ctx);
  const widgetJson = JSON.stringify(JSON.stringify(widgetConfig(ctx, strings)));
  const assets = loadAssets(ctx.config.webchat.assetsDir, (name, text) =>
    name === 'widget.js' ? text.replace(new RegExp(`(["'\`])${WIDGET_CONFIG_PLACEHOLDER}\\1`), () => widgetJson) : text,
  );
  if (!assets) ctx.log.warn({ dir: ctx.config.webchat.assetsDir }, 'web chat page is off: the browser bundles are not built (npm run build:web)');
  const csp = pageCsp(ctx.config.webchat.allowedOrigins);
  const notBuilt = (reply: FastifyReply): FastifyReply =>
    reply.code(503).type('text/plain; charset=utf-8').send('The web chat is not built on this server: run npm run build:web.');

  app.get('/chat', { schema: { querystring: PageQuery } }, async (req, reply) => {
    const chatJs = assets?.get('chat.js');
    const chatCss = assets?.get('chat.css');
    if (!chatJs || !chatCss) return notBuilt(reply);
    const cfg = pageConfig(ctx, strings, { lang: langFromTag(req.query.lang), embed: req.query.embed === '1' });
    const html = renderPage(cfg, { script: `/webchat/chat.js?v=${chatJs.version}`, style: `/webchat/chat.css?v=${chatCss.version}` });
    reply
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-encoding')
      .type('text/html; charset=utf-8');
    // All five languages ride along (14 kB); gzipped they cost a phone 5 kB.
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(gzipSync(html));
    return reply.send(html);
  });

  // Loaded by other sites: it must be fetchable cross-origin, and short-cached since its URL has no version.
  app.get('/widget.js', async (req, reply) => {
    const widget = assets?.get('widget.js');
    if (!widget) return notBuilt(reply);
    reply.header('cross-origin-resource-policy', 'cross-origin').header('access-control-allow-origin', '*');
    return serveAsset(req, reply, widget, 'public, max-age=300');
  });

  app.get('/webchat/:file', { schema: { params: AssetParams, querystring: AssetQuery } }, async (req, reply) => {
    const asset = assets?.get(req.params.file);
    if (!asset) return notBuilt(reply);
    return serveAsset(req, reply, asset, req.query.v === asset.version ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
};
