import { Telegram } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPolling, type Polling } from '../../adapters/telegram/telegram-polling.js';
import type { WireUpdate } from '../../adapters/telegram/update-mapping.js';
import { silentLog } from '../support/runtime.js';
import { startTelegramPeer, TEST_BOT_TOKEN, type TelegramPeer } from '../support/telegram-peer.js';

const update = (id: number, chat: number) => ({
  update_id: id,
  message: { message_id: id, date: 1, chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'P' }, text: `m${id}` },
});

/**
 * The polling loop on its own, with the real telegraf client against the emulator: which offset
 * it confirms after a turn failed. (The emulator ignores offsets, so the test plays Telegram's
 * part and hands an unconfirmed update over again.)
 */
describe('Telegram polling loop', () => {
  let peer: TelegramPeer;
  let polling: Polling | null = null;

  beforeEach(async () => {
    peer = await startTelegramPeer();
  });
  afterEach(async () => {
    await polling?.stop();
    await peer.close();
  });

  const offsets = () => peer.calls.filter((c) => c.method === 'getUpdates').map((c) => Number(c.body.offset));
  const waitForOffset = (offset: number) => peer.waitFor(`getUpdates with offset ${offset}`, () => offsets().includes(offset));

  it('confirms an update only after its turn ran, and skips one that keeps failing', async () => {
    const handled: number[] = [];
    let flaky = 0;
    const handle = async (u: WireUpdate): Promise<void> => {
      if (u.update_id === 60_001 && ++flaky === 1) throw new Error('store unavailable');
      if (u.update_id === 60_005) throw new Error('this update always fails');
      handled.push(u.update_id);
    };
    polling = startPolling(new Telegram(TEST_BOT_TOKEN, { apiRoot: `${peer.apiRoot}/` }), handle, silentLog, { idlePauseMs: 10 });

    await peer.injectUpdate(update(60_001, 1));
    await waitForOffset(60_001);
    expect(handled).toEqual([]);
    await peer.injectUpdate(update(60_001, 1));
    await waitForOffset(60_002);
    expect(handled).toEqual([60_001]);

    for (let i = 0; i < 3; i++) {
      await peer.injectUpdate(update(60_005, 2));
      await peer.waitFor('the update fetched', () => peer.injectedPending() === 0);
      // The loop asks again only once the batch is done: that request shows the offset it confirmed.
      const asked = offsets().length;
      await peer.waitFor('the next getUpdates', () => offsets().length > asked);
      expect(offsets().at(-1)).toBe(i < 2 ? 60_005 : 60_006);
    }
    expect(handled).toEqual([60_001]);
    expect(peer.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
  });

  it('runs one chat in order while other chats go side by side', async () => {
    const events: string[] = [];
    let releaseSlow: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const handle = async (u: WireUpdate): Promise<void> => {
      events.push(`start ${u.update_id}`);
      if (u.update_id === 61_001) await slow;
      events.push(`end ${u.update_id}`);
    };
    for (const u of [update(61_001, 10), update(61_002, 10), update(61_003, 20)]) await peer.injectUpdate(u);
    polling = startPolling(new Telegram(TEST_BOT_TOKEN, { apiRoot: `${peer.apiRoot}/` }), handle, silentLog, { idlePauseMs: 10 });
    await peer.waitFor('the other chat handled', () => events.includes('end 61003'));
    // Chat 10's second update waits for its first; chat 20 did not wait for chat 10.
    expect(events).not.toContain('start 61002');
    releaseSlow();
    await waitForOffset(61_004);
    expect(events.indexOf('start 61002')).toBeGreaterThan(events.indexOf('end 61001'));
  });
});
