import { describe, expect, it } from 'vitest';
import { newConversation, transition } from '../../src/core/conversation.js';
import { AppError } from '../../src/core/errors.js';

const now = new Date('2026-11-26T10:00:00Z');
const fresh = () => newConversation({ channel: 'telegram', thread: '42', user: '42' }, now);

describe('conversation state machine', () => {
  it('goes bot → waiting → assigned → closed → bot', () => {
    let c = transition(fresh(), { type: 'escalate', reason: 'asked' }, now);
    expect(c).toMatchObject({ status: 'waiting', escalation: 'asked', assignee: null });
    c = transition(c, { type: 'claim', staffId: 's1' }, now);
    expect(c).toMatchObject({ status: 'assigned', assignee: 's1' });
    c = transition(c, { type: 'transfer', staffId: null, team: 'legal' }, now);
    expect(c).toMatchObject({ status: 'waiting', assignee: null, team: 'legal' });
    c = transition(c, { type: 'close' }, now);
    expect(c.status).toBe('closed');
    c = transition(c, { type: 'user-returned' }, now);
    expect(c).toMatchObject({ status: 'bot', escalation: null, misses: 0 });
  });

  it('lets the user go back to the bot while waiting', () => {
    const c = transition(transition(fresh(), { type: 'escalate', reason: 'misses' }, now), { type: 'back-to-bot' }, now);
    expect(c.status).toBe('bot');
  });

  it('refuses illegal moves with a CONFLICT instead of overwriting', () => {
    expect(() => transition(fresh(), { type: 'claim', staffId: 's1' }, now)).toThrow(AppError);
    expect(() => transition(fresh(), { type: 'close' }, now)).toThrow(/cannot close a conversation that is bot/);
  });

  it('does not change the conversation it was given', () => {
    const c = fresh();
    transition(c, { type: 'escalate', reason: 'crisis' }, now);
    expect(c.status).toBe('bot');
  });
});
