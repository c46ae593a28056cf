import type { FastifyInstance } from 'fastify';
import type { Content } from '../../src/core/message.js';

export interface SayResult {
  status: number;
  replies: Content[];
  duplicate: boolean;
  body: Record<string, unknown>;
}

/** Sends one web chat message through the real HTTP route. */
export async function say(app: FastifyInstance, visitor: string, message: { text?: string; postback?: string; id?: string; lang?: string }): Promise<SayResult> {
  const res = await app.inject({ method: 'POST', url: '/api/webchat/messages', payload: { visitor, ...message } });
  const body = res.json() as Record<string, unknown>;
  return { status: res.statusCode, replies: (body.replies as Content[] | undefined) ?? [], duplicate: body.duplicate === true, body };
}

export function texts(replies: Content[]): string {
  return replies.map((r) => (r.type === 'postback' ? r.value : r.text)).join('\n---\n');
}
