import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.js';
import type { Runtime } from '../../runtime.js';
import { currentStaff, requireStaff } from '../plugins/staff-auth.js';
import { AnnouncementParams, DraftBody, PreviewBody, ScheduleBody } from '../schemas/announcements.js';

/** Editors write announcements; admins may too. Staff answering conversations may not send to everyone. */
const EDITOR_ROLES = ['editor', 'admin'] as const;

function parseTime(raw: string): Date {
  // Only full timestamps with an offset: a bare local time would be read in the server's zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new AppError('BAD_INPUT', 'at must be a time such as 2026-12-01T09:00:00Z', { at: raw });
  }
  return new Date(raw);
}

/** The announcements API under /api/staff/announcements (the editor page at /admin/announcements uses it). */
export const announcementsApi: FastifyPluginAsyncTypebox<{ runtime: Runtime }> = async (app, { runtime }) => {
  const campaigns = runtime.campaigns;
  const guard = { preHandler: requireStaff(EDITOR_ROLES) };

  app.get('/api/staff/announcements', guard, async () => ({ announcements: await campaigns.list(), runner: campaigns.runnerKind }));

  app.get('/api/staff/announcements/topics', guard, async () => ({
    topics: await campaigns.topics(),
    channels: runtime.channels.list().map((c) => c.id),
  }));

  app.post('/api/staff/announcements/preview', { ...guard, schema: { body: PreviewBody } }, async (req) => ({ preview: await campaigns.preview(req.body) }));

  app.post('/api/staff/announcements', { ...guard, schema: { body: DraftBody } }, async (req, reply) => {
    const a = await campaigns.create(currentStaff(req), req.body);
    return reply.code(201).send({ announcement: a });
  });

  app.get('/api/staff/announcements/:id', { ...guard, schema: { params: AnnouncementParams } }, async (req) => campaigns.view(req.params.id));

  app.put('/api/staff/announcements/:id', { ...guard, schema: { params: AnnouncementParams, body: DraftBody } }, async (req) => ({
    announcement: await campaigns.update(currentStaff(req), req.params.id, req.body),
  }));

  app.post('/api/staff/announcements/:id/schedule', { ...guard, schema: { params: AnnouncementParams, body: ScheduleBody } }, async (req) => {
    const at = parseTime(req.body.at);
    if (at.getTime() > Date.now() + 366 * 24 * 3600 * 1000) throw new AppError('BAD_INPUT', 'schedule within a year', { at: req.body.at });
    return { announcement: await campaigns.schedule(currentStaff(req), req.params.id, at) };
  });

  app.post('/api/staff/announcements/:id/send', { ...guard, schema: { params: AnnouncementParams } }, async (req) => ({
    announcement: await campaigns.schedule(currentStaff(req), req.params.id, null),
  }));

  app.post('/api/staff/announcements/:id/unschedule', { ...guard, schema: { params: AnnouncementParams } }, async (req) => ({
    announcement: await campaigns.unschedule(currentStaff(req), req.params.id),
  }));

  app.post('/api/staff/announcements/:id/cancel', { ...guard, schema: { params: AnnouncementParams } }, async (req) => ({
    announcement: await campaigns.cancel(currentStaff(req), req.params.id),
  }));
};
