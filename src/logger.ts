import pino, { type LoggerOptions } from 'pino';
import { maskDeep } from './core/mask.js';
import type { Config } from './config.js';

/**
 * Structured logs. Secrets and personal fields are redacted wherever they appear; message text is
 * never logged at info (the pipeline logs ids, actions and entries only).
 */
export function loggerOptions(level: Config['logLevel']): LoggerOptions {
  return {
    level,
    // Whatever a log line carries (an error quoting a phone number, an id that is an e-mail) is masked.
    formatters: { log: (fields) => maskDeep(fields) as Record<string, unknown> },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-telegram-bot-api-secret-token"]',
        'req.headers["x-hub-signature-256"]',
        'headers.authorization',
        'headers.cookie',
        '*.password',
        '*.token',
        '*.secret',
        'text',
        '*.text',
      ],
      censor: '[redacted]',
    },
  };
}

export function createLogger(level: Config['logLevel']): pino.Logger {
  return pino(loggerOptions(level));
}
