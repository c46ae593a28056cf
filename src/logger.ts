import pino, { type LoggerOptions } from 'pino';
import type { Config } from './config.js';

/**
 * Structured logs. Secrets and personal fields are redacted wherever they appear; message text is
 * never logged at info (the pipeline logs ids, actions and entries only).
 */
export function loggerOptions(level: Config['logLevel']): LoggerOptions {
  return {
    level,
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
