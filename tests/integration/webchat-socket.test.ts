import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerEvent } from '../../adapters/webchat/protocol.js';
import { visitorTopic } from '../../adapters/webchat/webchat-channel.js';
import { startTestService, type TestService } from '../support/runtime.js';

/** A browser tab's socket, driven through @fastify/websocket's injectWS (the real route and hooks). */
class Tab {
  readonly events: ServerEvent[] = [];
  closeCode: number | null = null;
  private ws: { send(data: string): void; close(): void } | null = null;

  static async open(app: FastifyInstance, visitor: string, headers: Record<string, string> = {}): Promise<Tab> {
    const tab = new Tab();
    // An unconnected socket stands in for the TCP connection that injectWS does not have.
    await app.injectWS(`/api/webchat/socket?visitor=${visitor}`, { headers, socket: new Socket() }, {
      // Listeners go on before the handshake ends: the server's first frame may come with it.
      onInit: (ws) => {
        tab.ws = ws;
        ws.on('message', (data: unknown) => tab.events.push(JSON.parse(String(data)) as ServerEvent));
        ws.on('close', (code: number) => (tab.closeCode = code));
      },
    });
    return tab;
  }

  send(frame: unknown): void {
    this.ws?.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  close(): void {
    this.ws?.close();
  }

  async until(predicate: (e: ServerEvent) => boolean): Promise<ServerEvent> {
    return vi.waitFor(
      () => {
        const hit = this.events.find(predicate);
        if (!hit) throw new Error(`not yet; so far: ${this.events.map((e) => e.type).join(', ')}`);
        return hit;
      },
      { timeout: 10_000, interval: 10 },
    );
  }

  index(predicate: (e: ServerEvent) => boolean): number {
    return this.events.findIndex(predicate);
  }
}

let svc: TestService;
const tabs: Tab[] = [];
const open = async (visitor: string, headers?: Record<string, string>, app = svc.app): Promise<Tab> => {
  const tab = await Tab.open(app, visitor, headers);
  tabs.push(tab);
  return tab;
};
const ready = async (visitor: string): Promise<Tab> => {
  const tab = await open(visitor);
  await tab.until((e) => e.type === 'ready');
  return tab;
};

beforeAll(async () => {
  svc = await startTestService({ MAX_MESSAGE_LENGTH: '100', WEBCHAT_RATE_LIMIT: '6' });
});
afterEach(() => {
  for (const t of tabs.splice(0)) t.close();
});
afterAll(async () => {
  await svc.close();
});

describe('the web chat socket', () => {
  it('answers in real time: typing, the reply, typing stops, the stored ids, then the ack', async () => {
    const tab = await ready('socket-flow-1');
    tab.send({ type: 'message', id: 'm1', text: 'Привіт', lang: 'uk' });
    await tab.until((e) => e.type === 'ack' && e.id === 'm1');
    const typingOn = tab.index((e) => e.type === 'typing' && e.from === 'bot' && e.on);
    const reply = tab.index((e) => e.type === 'message' && e.from === 'bot');
    const typingOff = tab.index((e) => e.type === 'typing' && e.from === 'bot' && !e.on);
    const saved = tab.index((e) => e.type === 'saved');
    const ack = tab.index((e) => e.type === 'ack');
    expect(typingOn).toBeGreaterThanOrEqual(0);
    expect([typingOn, reply, typingOff, saved, ack]).toEqual([...[typingOn, reply, typingOff, saved, ack]].sort((a, b) => a - b));
    const message = tab.events[reply];
    expect(message?.type === 'message' && message.lang).toBe('uk');
    const stored = await svc.runtime.store.conversations.messages('webchat:socket-flow-1');
    const savedEvent = tab.events[saved];
    expect(savedEvent?.type === 'saved' && savedEvent.messages.map((m) => m.id)).toEqual(stored.map((m) => m.id));
  });

  it('reaches every open tab of the visitor, and only that visitor', async () => {
    const first = await ready('socket-tabs-1');
    const second = await ready('socket-tabs-1');
    const stranger = await ready('socket-tabs-2');
    first.send({ type: 'postback', id: 'p1', value: 'help', lang: 'en' });
    await second.until((e) => e.type === 'message' && e.from === 'bot');
    await first.until((e) => e.type === 'ack');
    expect(stranger.events.filter((e) => e.type !== 'ready')).toEqual([]);
  });

  it('forwards what staff publish for the visitor: typing, then their message', async () => {
    const tab = await ready('socket-staff-1');
    await svc.runtime.bus.publish(visitorTopic('socket-staff-1'), { type: 'typing', from: 'staff', on: true });
    await svc.runtime.bus.publish(visitorTopic('socket-staff-1'), { type: 'message', from: 'staff', content: { type: 'text', text: 'Dobrý den, tady Jana.' }, lang: 'cs', at: new Date().toISOString() });
    await tab.until((e) => e.type === 'message' && e.from === 'staff');
    expect(tab.index((e) => e.type === 'typing' && e.from === 'staff')).toBeLessThan(tab.index((e) => e.type === 'message'));
    // Anything else on the topic stays off the wire.
    await svc.runtime.bus.publish(visitorTopic('socket-staff-1'), { type: 'secret', token: 'x' });
    tab.send({ type: 'postback', id: 'after-secret', value: 'help' });
    await tab.until((e) => e.type === 'ack');
    expect(tab.events.some((e) => (e.type as string) === 'secret')).toBe(false);
  });

  it('handles a resent message once', async () => {
    const tab = await ready('socket-dupe-1');
    tab.send({ type: 'message', id: 'same', text: 'hello' });
    await tab.until((e) => e.type === 'ack');
    tab.send({ type: 'message', id: 'same', text: 'hello' });
    await vi.waitFor(() => expect(tab.events.filter((e) => e.type === 'ack')).toHaveLength(2));
    const stored = await svc.runtime.store.conversations.messages('webchat:socket-dupe-1');
    expect(stored.filter((m) => m.role === 'user')).toHaveLength(1);
  });

  it('refuses a message above the length limit with a friendly notice and stores nothing', async () => {
    const tab = await ready('socket-long-1');
    tab.send({ type: 'message', id: 'long', text: 'ж'.repeat(101) });
    await tab.until((e) => e.type === 'notice' && e.code === 'too-long' && e.id === 'long');
    expect(await svc.runtime.store.conversations.get('webchat:socket-long-1')).toBeNull();
  });

  it('limits messages per visitor, and answers junk without closing', async () => {
    const tab = await ready('socket-rate-1');
    tab.send('{not json');
    tab.send({ type: 'message', id: 'x', text: 'hi', extra: true });
    await vi.waitFor(() => expect(tab.events.filter((e) => e.type === 'notice' && e.code === 'bad-input')).toHaveLength(2));
    const answerTo = (id: string) => tab.until((e) => (e.type === 'ack' || e.type === 'notice') && e.id === id);
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) {
      tab.send({ type: 'postback', id: `r${i}`, value: 'help' });
      const a = await answerTo(`r${i}`);
      answers.push(a.type === 'notice' ? a.code : a.type);
    }
    // Six a minute (WEBCHAT_RATE_LIMIT=6): the seventh is refused, and says so.
    expect(answers).toEqual(['ack', 'ack', 'ack', 'ack', 'ack', 'ack', 'rate-limited']);
    expect(tab.closeCode).toBeNull();
  });

  it('bounds the messages one connection may have waiting, answering every one', async () => {
    const tab = await ready('socket-burst-1');
    for (let i = 0; i < 12; i++) tab.send({ type: 'postback', id: `b${i}`, value: 'help' });
    const answered = (): ServerEvent[] => tab.events.filter((e) => e.type === 'ack' || (e.type === 'notice' && e.code === 'rate-limited'));
    await vi.waitFor(() => expect(answered()).toHaveLength(12));
    const acks = tab.events.filter((e) => e.type === 'ack').length;
    expect(acks).toBeLessThanOrEqual(6);
    const stored = await svc.runtime.store.conversations.messages('webchat:socket-burst-1');
    expect(stored.filter((m) => m.role === 'user')).toHaveLength(acks);
  });

  it('bounds memory per connection: an oversized frame closes it, a sixth tab is refused', async () => {
    const big = await ready('socket-bounds-1');
    big.send({ type: 'message', id: 'big', text: 'x'.repeat(70 * 1024) });
    await vi.waitFor(() => expect(big.closeCode).toBe(1009));

    for (let i = 0; i < 5; i++) await ready('socket-bounds-2');
    const sixth = await open('socket-bounds-2');
    await vi.waitFor(() => expect(sixth.closeCode).toBe(4008));
    expect(sixth.events.some((e) => e.type === 'ready')).toBe(false);
  });

  it('takes sockets only from its own pages and well-formed visitor ids', async () => {
    await expect(open('socket-origin-1', { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(open('bad id!', {})).rejects.toThrow(/400/);
    const own = await open('socket-origin-2', { origin: 'http://localhost:80', host: 'localhost:80' });
    await own.until((e) => e.type === 'ready');
  });
});
