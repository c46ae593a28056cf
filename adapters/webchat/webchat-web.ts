import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { WebchatContext } from './context.js';
import { webchatPage } from './page-route.js';
import { webchatSocket } from './socket-route.js';

/** The web chat's browser side: the page, the widget loader, their bundles and the live socket. */
export const webchatWeb: FastifyPluginAsyncTypebox<{ ctx: WebchatContext }> = async (app, { ctx }) => {
  await app.register(webchatPage, { ctx });
  await app.register(webchatSocket, { ctx });
};
