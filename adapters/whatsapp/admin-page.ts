import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError } from '../../src/core/errors.js';
import { escapeHtml } from '../../src/conversation/render.js';
import { encodeQr } from './qr-code.js';
import { qrSvg } from './qr-render.js';
import { sameSecret } from './secure-compare.js';
import type { WebState } from './web-session.js';

const AdminQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 500 })) });

function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}

function body(state: WebState): string {
  switch (state.kind) {
    case 'ready':
      return `<p class="ok">Connected since ${escapeHtml(state.since.toISOString())}. Messages to the Centre's WhatsApp number are answered.</p>`;
    case 'pairing':
      if (state.code) {
        return `<p>On the Centre's phone open WhatsApp &gt; Settings &gt; Linked devices &gt; Link a device &gt; Link with phone number instead, and enter:</p><p class="code">${escapeHtml(state.code)}</p>`;
      }
      return `<p>On the Centre's phone open WhatsApp &gt; Settings &gt; Linked devices &gt; Link a device, and scan this code. It changes every few seconds; this page reloads by itself.</p>${state.qr ? qrSvg(encodeQr(state.qr)) : ''}`;
    case 'reconnecting':
      return `<p class="warn">Disconnected (${escapeHtml(state.reason)}); reconnecting, attempt ${state.attempt}.</p>`;
    case 'starting':
      return '<p>Starting the browser and WhatsApp Web…</p>';
    case 'stopped':
      return '<p class="warn">Stopped.</p>';
  }
}

/**
 * The pairing page for the Centre's admin: the QR code (rendered here, as inline SVG) or the
 * pairing code, and the connection state. Until staff sign-in exists it is guarded by ADMIN_TOKEN
 * (Authorization: Bearer, or ?token= for a browser); without that setting the page does not exist.
 */
export function adminPageRoutes(deps: { adminToken: string | null; state: () => WebState }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/admin/whatsapp', { schema: { querystring: AdminQuery } }, async (req, reply) => {
      if (!deps.adminToken) throw new AppError('NOT_FOUND', 'Not found.');
      const given = bearer(req.headers.authorization) ?? req.query.token;
      if (!given || !sameSecret(given, deps.adminToken)) {
        reply.header('www-authenticate', 'Bearer');
        throw new AppError('UNAUTHORIZED', 'a valid admin token is required');
      }
      const state = deps.state();
      const html =
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
        `${state.kind === 'ready' ? '' : '<meta http-equiv="refresh" content="5">'}<title>WhatsApp pairing</title>` +
        '<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}.code{font-size:2.5rem;letter-spacing:.3rem;font-family:monospace}.ok{color:#064}.warn{color:#a40}svg{max-width:100%;height:auto}</style>' +
        `</head><body><h1>WhatsApp Web</h1><p>State: <strong>${escapeHtml(state.kind)}</strong></p>${body(state)}</body></html>`;
      return reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-frame-options', 'DENY')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        .type('text/html; charset=utf-8')
        .send(html);
    });
  };
}
