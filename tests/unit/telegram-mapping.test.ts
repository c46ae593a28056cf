import { describe, expect, it } from 'vitest';
import { chatOf, commandPostback, mapUpdate, type WireUpdate } from '../../adapters/telegram/update-mapping.js';

const now = new Date('2026-12-01T10:00:00Z');
const user = { id: 7, is_bot: false, first_name: 'Olena', language_code: 'uk' };
const chat = { id: 7, type: 'private', first_name: 'Olena' };
const message = (extra: Record<string, unknown>): WireUpdate => ({ update_id: 500, message: { date: 1_700_000_000, chat, from: user, ...extra } });

describe('Telegram update → InboundMessage', () => {
  it('maps a private text message, with update_id as the id and language_code as the hint', () => {
    const m = mapUpdate(message({ text: 'Як продовжити візу?' }), now);
    expect(m).toEqual({
      kind: 'inbound',
      callbackQueryId: null,
      inbound: {
        id: '500',
        address: { channel: 'telegram', thread: '7', user: '7' },
        content: { type: 'text', text: 'Як продовжити візу?' },
        locale: 'uk',
        at: new Date(1_700_000_000_000),
      },
    });
  });

  it('maps menu commands to the pipeline postbacks, with or without the bot name', () => {
    const cmd = (text: string) => mapUpdate(message({ text, entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? 0 }] }), now);
    expect(cmd('/start')).toMatchObject({ kind: 'inbound', inbound: { content: { type: 'postback', value: 'start' } } });
    expect(cmd('/start@CentreBot')).toMatchObject({ inbound: { content: { type: 'postback', value: 'start' } } });
    expect(cmd('/lang uk')).toMatchObject({ inbound: { content: { type: 'postback', value: 'lang:uk' } } });
    expect(cmd('/lang klingon')).toMatchObject({ inbound: { content: { type: 'postback', value: 'lang' } } });
    expect(cmd('/human')).toMatchObject({ inbound: { content: { type: 'postback', value: 'human' } } });
    expect(cmd('/forget')).toMatchObject({ inbound: { content: { type: 'postback', value: 'forget' } } });
    // Not a menu command: left as text for the pipeline.
    expect(cmd('/weather')).toMatchObject({ inbound: { content: { type: 'text', text: '/weather' } } });
    expect(commandPostback('/help', undefined)).toBeNull();
  });

  it('maps a pressed button to a postback and keeps the callback id to answer it', () => {
    const m = mapUpdate({ update_id: 501, callback_query: { id: 'cb-1', from: user, data: 'entry:czech.courses', message: { chat } } }, now);
    expect(m).toEqual({
      kind: 'inbound',
      callbackQueryId: 'cb-1',
      inbound: { id: '501', address: { channel: 'telegram', thread: '7', user: '7' }, content: { type: 'postback', value: 'entry:czech.courses' }, locale: 'uk', at: now },
    });
  });

  it('turns stickers, voice and photos into an empty text (the polite "text only" answer), a caption into text', () => {
    for (const extra of [{ sticker: { file_id: 's' } }, { voice: { file_id: 'v', duration: 2 } }, { photo: [{ file_id: 'p' }] }]) {
      expect(mapUpdate(message(extra), now)).toMatchObject({ kind: 'inbound', inbound: { content: { type: 'text', text: '' } } });
    }
    expect(mapUpdate(message({ photo: [{ file_id: 'p' }], caption: 'Co je to za dopis?' }), now)).toMatchObject({ inbound: { content: { type: 'text', text: 'Co je to za dopis?' } } });
  });

  it('ignores, with a reason, what the bot must not answer', () => {
    const reasonOf = (u: WireUpdate) => {
      const m = mapUpdate(u, now);
      return m.kind === 'ignore' ? m.reason : m.kind;
    };
    expect(reasonOf({ update_id: 1, edited_message: { chat, from: user, text: 'edited' } })).toBe('edited-message');
    expect(reasonOf({ update_id: 2, message: { chat: { id: -100, type: 'supergroup' }, from: user, text: 'hi' } })).toBe('chat-type:supergroup');
    expect(reasonOf({ update_id: 3, message: { chat, from: { id: 9, is_bot: true }, text: 'hi' } })).toBe('from-bot');
    expect(reasonOf({ update_id: 4, channel_post: { chat: { id: -5, type: 'channel' }, text: 'news' } })).toBe('channel-post');
    expect(reasonOf(message({ new_chat_title: 'x' }))).toBe('service-message');
    expect(reasonOf({ update_id: 6, callback_query: { id: 'cb', from: user, data: 'start' } })).toBe('callback-without-message');
    expect(reasonOf({ update_id: 7, inline_query: { id: 'q' } } as WireUpdate)).toBe('update-type:inline_query');
    // An ignored button press still carries its id, so that the spinner is stopped.
    expect(mapUpdate({ update_id: 8, callback_query: { id: 'cb-g', from: user, data: 'start', message: { chat: { id: -1, type: 'group' } } } }, now)).toMatchObject({ kind: 'ignore', callbackQueryId: 'cb-g' });
  });

  it('reads a user blocking or unblocking the bot', () => {
    expect(mapUpdate({ update_id: 9, my_chat_member: { chat, new_chat_member: { status: 'kicked' } } }, now)).toEqual({ kind: 'membership', chat: '7', blocked: true });
    expect(mapUpdate({ update_id: 10, my_chat_member: { chat, new_chat_member: { status: 'member' } } }, now)).toEqual({ kind: 'membership', chat: '7', blocked: false });
  });

  it('survives an update with fields missing', () => {
    expect(mapUpdate({ update_id: 11, message: {} }, now)).toMatchObject({ kind: 'ignore', reason: 'message-without-chat' });
    expect(mapUpdate({ update_id: 12, message: { chat } }, now)).toMatchObject({ kind: 'ignore', reason: 'message-without-sender' });
    expect(mapUpdate({ update_id: 13 }, now)).toMatchObject({ kind: 'ignore', reason: 'update-type:empty' });
    expect(chatOf({ update_id: 14, callback_query: { id: 'x', message: { chat } } })).toBe('7');
    expect(chatOf({ update_id: 15 })).toBeNull();
  });
});
