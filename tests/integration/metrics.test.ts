import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConversation, transition } from '../../src/core/conversation.js';
import { DeliveryError } from '../../src/core/errors.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { say } from '../support/webchat-client.js';

/** GET /metrics in the Prometheus text format: who may read it, and what it counts. */
function metric(body: string, name: string, labels = ''): number | null {
  const line = body.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.split(' ').at(-1)) : null;
}

describe('metrics without a token', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('are served to a scraper on this machine only, never through a proxy', async () => {
    const local = await svc.app.inject({ url: '/metrics' });
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toContain('text/plain');
    expect((await svc.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(403);
    expect((await svc.app.inject({ url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
    expect((await svc.app.inject({ url: '/metrics', headers: { forwarded: 'for=203.0.113.9' } })).statusCode).toBe(403);
  });

  it('count turns by channel and action, time the matcher, and read the queues from the store', async () => {
    const q = svc.runtime.knowledge.entry('residence.permanent')?.translations.cs?.questions[0] ?? '';
    await say(svc.app, 'metrics-visitor-1', { text: q });
    await say(svc.app, 'metrics-visitor-2', { text: 'qwzx vbnm plokij' });
    const waiting = transition(newConversation({ channel: 'telegram', thread: 'm-1', user: 'm-1' }, new Date(Date.now() - 90_000)), { type: 'escalate', reason: 'asked' }, new Date(Date.now() - 90_000));
    await svc.runtime.store.conversations.save(waiting);
    const body = (await svc.app.inject({ url: '/metrics' })).body;
    expect(metric(body, 'cz_turns_total', 'channel="webchat",action="answer"')).toBe(1);
    expect(metric(body, 'cz_turns_total', 'channel="webchat",action="fallback"')).toBe(1);
    expect(metric(body, 'cz_match_duration_seconds_count')).toBe(2);
    expect(metric(body, 'cz_match_duration_seconds_bucket', 'le="+Inf"')).toBe(2);
    expect(metric(body, 'cz_queue_length', 'status="waiting"')).toBe(1);
    expect(metric(body, 'cz_queue_length', 'status="assigned"')).toBe(0);
    expect(metric(body, 'cz_queue_oldest_waiting_seconds')).toBeGreaterThanOrEqual(89);
    expect(metric(body, 'cz_kb_revision')).toBe(0);
    expect(body).toContain('cz_process_cpu_user_seconds_total');
    // No message text, no user ids in the labels.
    expect(body).not.toContain('metrics-visitor');
  });

  it('count what a channel fails to deliver', async () => {
    svc.runtime.channels.register(
      svc.runtime.metrics.observe({
        id: 'telegram',
        capabilities: { buttons: false, markdown: 'none', maxText: 4096, maxButtons: 0 },
        async send() {
          throw new DeliveryError('blocked by the user', { permanent: true, channel: 'telegram', status: 403 });
        },
      }),
    );
    await expect(svc.runtime.channels.send({ channel: 'telegram', thread: 't', user: 't' }, { type: 'text', text: 'hi' }, 'en')).rejects.toThrow('blocked');
    const body = (await svc.app.inject({ url: '/metrics' })).body;
    expect(metric(body, 'cz_channel_errors_total', 'channel="telegram",permanent="true"')).toBe(1);
  });
});

describe('metrics with METRICS_TOKEN', () => {
  let svc: TestService;
  const token = 'a-long-scrape-token-0123456789';
  beforeAll(async () => {
    svc = await startTestService({ METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('need the bearer token from anywhere, this machine included', async () => {
    expect((await svc.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await svc.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-wrong-token' } })).statusCode).toBe(401);
    const ok = await svc.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('cz_turns_total');
  });
});

describe('metrics switched off', () => {
  it('answer 404', async () => {
    const svc = await startTestService({ METRICS_ENABLED: 'false' });
    try {
      expect((await svc.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await svc.close();
    }
  });
});
