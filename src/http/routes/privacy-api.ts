import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { publishToVisitor } from '../../../adapters/webchat/webchat-channel.js';
import { INBOX_TOPIC } from '../../handoff/inbox.js';
import type { Runtime } from '../../runtime.js';
import { currentStaff, requireStaff } from '../plugins/staff-auth.js';
import { ConversationParams } from '../schemas/staff.js';

const ROLES = ['staff', 'admin'] as const;

/** The staff member must say it twice: the erasure cannot be undone. */
const ForgetBody = Type.Object({ confirm: Type.Literal(true) }, { additionalProperties: false });

/**
 * The user's rights, exercised by staff on request (by phone, at the Centre's desk, by e-mail):
 * GET  /api/staff/conversations/:id/export  everything stored about the conversation's user, as JSON (right of access)
 * POST /api/staff/conversations/:id/forget  {confirm: true}: erases it all (right to erasure)
 * Staff may do this for conversations they may open in the inbox (their teams; admins: all).
 * Both are audited under a pseudonym of the user (src/privacy/user-data.ts).
 */
export const privacyApi: FastifyPluginAsyncTypebox<{ runtime: Runtime }> = async (app, { runtime }) => {
  app.get('/api/staff/conversations/:id/export', { schema: { params: ConversationParams }, preHandler: requireStaff(ROLES) }, async (req, reply) => {
    const staff = currentStaff(req);
    // The inbox decides who may open the conversation (404 unknown, 403 another team's).
    const { conversation } = await runtime.staff.inbox.view(staff, req.params.id);
    const data = await runtime.privacy.export({ channel: conversation.address.channel, user: conversation.address.user }, staff.id);
    const name = `user-data-${conversation.address.channel}-${data.exportedAt.slice(0, 10)}.json`;
    return reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(data);
  });

  app.post('/api/staff/conversations/:id/forget', { schema: { params: ConversationParams, body: ForgetBody }, preHandler: requireStaff(ROLES) }, async (req) => {
    const staff = currentStaff(req);
    const { conversation } = await runtime.staff.inbox.view(staff, req.params.id);
    const user = { channel: conversation.address.channel, user: conversation.address.user };
    // Under the conversation's turn lock, so that a turn in flight cannot write it back.
    const removed = await runtime.store.locks.withLock(conversation.id, () => runtime.privacy.forget(user, staff.id));
    await runtime.bus.publish(INBOX_TOPIC, { id: conversation.id, status: 'forgotten' }).catch(() => undefined);
    // An open web chat tab clears its transcript.
    if (user.channel === 'webchat') await publishToVisitor(runtime.bus, user.user, { type: 'forgotten' });
    return { removed };
  });
};
