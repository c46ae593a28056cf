import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/errors.js';
import { renderMarkup } from '../../src/conversation/render.js';
import { startTestService, type TestService } from '../support/runtime.js';
import { startTelegramPeer, TEST_BOT_TOKEN, type TelegramPeer } from '../support/telegram-peer.js';

const QUESTION = 'How do I sign up for a free Czech course at the Centre for Foreigners?';
const refusal = (status: number, description: string, parameters?: Record<string, unknown>) => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});

/**
 * Robust sending through the real telegraf client, in polling mode against telegram-test-api,
 * with the test layer answering chosen sendMessage calls with Telegram's errors.
 */
describe('Telegram sending: rate limits, blocked users, failures', () => {
  let peer: TelegramPeer;
  let svc: TestService;
  /**
   * Injected updates come alone in one getUpdates answer and batches run one after another, so
   * once a message sent now is answered, every update injected before it has been handled.
   */
  const roundTrip = async (): Promise<void> => {
    const sentinel = peer.client({ chatId: 499, userId: 499 });
    const before = peer.botMessages(499).length;
    await sentinel.sendCommand(sentinel.makeCommand('/help'));
    await peer.waitForBotMessages(499, before + 1);
  };
  const sendsTo = (chat: number) => peer.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chat));

  beforeAll(async () => {
    peer = await startTelegramPeer();
    svc = await startTestService(
      { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: peer.apiRoot },
      // Short backoff for 5xx: the test is about what is retried and recorded, not about waiting.
      { telegram: { sender: { backoffMs: 10 } } },
    );
  });
  afterAll(async () => {
    await svc?.close();
    await peer?.close();
  });

  it('waits retry_after on 429 and sends the message once', async () => {
    peer.script('sendMessage', refusal(429, 'Too Many Requests: retry after 1', { retry_after: 1 }));
    const client = peer.client({ chatId: 401, userId: 401 });
    await client.sendMessage(client.makeMessage(QUESTION));
    const [reply] = await peer.waitForBotMessages(401, 1);
    expect(reply?.text).toBe(renderMarkup(svc.runtime.knowledge.answer('czech.courses', 'en', new Date())?.text ?? '', 'html'));
    expect(sendsTo(401)).toHaveLength(2);
    expect(peer.botMessages(401)).toHaveLength(1);
    const [bot] = await waitForTranscript(svc, 'telegram:401', (b) => b.length === 1);
    expect(bot?.delivery?.status).toBe('sent');
  });

  it('marks a user who blocked the bot (403), does not retry, and records every reply as failed', async () => {
    peer.script('sendMessage', refusal(403, 'Forbidden: bot was blocked by the user'));
    const client = peer.client({ chatId: 402, userId: 402 });
    await client.sendCommand(client.makeCommand('/start'));
    await waitForTranscript(svc, 'telegram:402', (bot) => bot.length === 3);
    const conversation = await svc.runtime.store.conversations.get('telegram:402');
    expect(conversation?.unreachable?.reason).toContain('403');
    // One attempt: the greeting was refused, the two choices after it were not even tried.
    expect(sendsTo(402)).toHaveLength(1);
    const transcript = await svc.runtime.store.conversations.messages('telegram:402');
    expect(transcript.filter((m) => m.role === 'bot').map((m) => m.delivery?.status)).toEqual(['failed', 'failed', 'failed']);
    // Staff replying later get the refusal at once, as a permanent one.
    const staff = svc.runtime.channels.send({ channel: 'telegram', thread: '402', user: '402' }, { type: 'text', text: 'Hello from the Centre' }, 'en');
    await expect(staff).rejects.toBeInstanceOf(DeliveryError);
    await expect(staff).rejects.toMatchObject({ permanent: true });
    expect(sendsTo(402)).toHaveLength(1);

    // The user unblocks and writes again: reachable, and answered.
    await client.sendMessage(client.makeMessage(QUESTION));
    await peer.waitForBotMessages(402, 1);
    expect((await svc.runtime.store.conversations.get('telegram:402'))?.unreachable).toBeNull();
  });

  it('takes a my_chat_member "kicked" update as blocked, and "member" as reachable again', async () => {
    const member = (updateId: number, status: string) => ({
      update_id: updateId,
      my_chat_member: { chat: { id: 403, type: 'private' }, from: { id: 403, is_bot: false, first_name: 'K' }, date: 1, old_chat_member: { status: 'member' }, new_chat_member: { status } },
    });
    const to = { channel: 'telegram' as const, thread: '403', user: '403' };
    await peer.injectUpdate(member(80_001, 'kicked'));
    await roundTrip();
    await expect(svc.runtime.channels.send(to, { type: 'text', text: 'x' }, 'en')).rejects.toMatchObject({ permanent: true });
    expect(sendsTo(403)).toHaveLength(0);
    await peer.injectUpdate(member(80_002, 'member'));
    await roundTrip();
    await svc.runtime.channels.send(to, { type: 'text', text: 'Welcome back' }, 'en');
    expect(peer.botMessages(403).map((m) => m.text)).toEqual(['Welcome back']);
  });

  it('retries a 5xx, then records the failure instead of losing it', async () => {
    peer.script('sendMessage', refusal(502, 'Bad Gateway'), refusal(502, 'Bad Gateway'), refusal(502, 'Bad Gateway'));
    const client = peer.client({ chatId: 404, userId: 404 });
    await client.sendMessage(client.makeMessage(QUESTION));
    const [bot] = await waitForTranscript(svc, 'telegram:404', (b) => b.length === 1 && b[0]?.delivery !== undefined);
    expect(bot?.delivery?.status).toBe('failed');
    expect(bot?.delivery?.error).toContain('502');
    expect(sendsTo(404)).toHaveLength(3);
    // A server error says nothing about the user: they stay reachable.
    expect((await svc.runtime.store.conversations.get('telegram:404'))?.unreachable).toBeNull();
  });
});

type Transcript = Awaited<ReturnType<TestService['runtime']['store']['conversations']['messages']>>;

async function waitForTranscript(svc: TestService, id: string, done: (bot: Transcript) => boolean, timeoutMs = 10_000): Promise<Transcript> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const bot = (await svc.runtime.store.conversations.messages(id)).filter((m) => m.role === 'bot');
    if (done(bot)) return bot;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the transcript of ${id}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
