import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/logger.js';

describe('the service log', () => {
  it('masks phone numbers, e-mails and document numbers in whatever a line carries, and still drops message text', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    log.warn({ conversation: 'whatsapp:420602123456', err: new Error('403: +420 602 123 456 blocked'), contact: 'olena@example.org', doc: 'FA123456', text: 'Jmenuji se Olena' }, 'reply not delivered');
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ conversation: 'whatsapp:[number]', err: { message: '403: [phone] blocked' }, contact: '[e-mail]', doc: '[document]', text: '[redacted]', msg: 'reply not delivered' });
    expect(lines[0]).not.toMatch(/602|olena@|FA123456|Olena/);
  });
});
