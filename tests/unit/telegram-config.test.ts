import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const TOKEN = '123456789:AAH-example_token_value_1234567890';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ NODE_ENV: 'test', ...env });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('Telegram settings', () => {
  it('leaves the channel off without TELEGRAM_BOT_TOKEN', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).telegram).toBeNull();
  });

  it('defaults to long polling against the official API at 30 messages a second', () => {
    expect(loadConfig({ NODE_ENV: 'test', TELEGRAM_BOT_TOKEN: TOKEN }).telegram).toEqual({
      token: TOKEN,
      mode: 'polling',
      webhookSecret: null,
      apiRoot: 'https://api.telegram.org',
      ratePerSecond: 30,
    });
  });

  it('takes a webhook with its secret, PUBLIC_URL and another API root', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'a-long-enough-secret_123',
      PUBLIC_URL: 'https://assistant.example.org',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      TELEGRAM_RATE_PER_SECOND: '10',
    });
    expect(config.telegram).toMatchObject({ mode: 'webhook', webhookSecret: 'a-long-enough-secret_123', apiRoot: 'http://127.0.0.1:8081', ratePerSecond: 10 });
  });

  it('names what webhook mode is missing', () => {
    const problems = problemsOf({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook' });
    expect(problems.some((p) => p.startsWith('TELEGRAM_WEBHOOK_SECRET'))).toBe(true);
    expect(problems.some((p) => p.startsWith('PUBLIC_URL'))).toBe(true);
  });

  it('refuses a malformed token without printing it, a weak secret, an unknown mode and a bad API root', () => {
    const secretToken = 'not-a-token-but-a-secret';
    const problems = problemsOf({
      TELEGRAM_BOT_TOKEN: secretToken,
      TELEGRAM_MODE: 'hook',
      TELEGRAM_WEBHOOK_SECRET: 'short',
      TELEGRAM_API_ROOT: 'ftp://example.org',
      TELEGRAM_RATE_PER_SECOND: '0',
    });
    expect(problems.map((p) => p.split(/[:=]/)[0])).toEqual(expect.arrayContaining(['TELEGRAM_BOT_TOKEN', 'TELEGRAM_MODE', 'TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_API_ROOT', 'TELEGRAM_RATE_PER_SECOND']));
    expect(problems.join('\n')).not.toContain(secretToken);
  });
});
