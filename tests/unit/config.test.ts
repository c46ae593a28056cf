import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('settings', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', redisUrl: null, defaultLang: 'en', maxMessageLength: 2000 });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('names the setting and what is allowed', () => {
    expect(() => loadConfig({ PORT: 'not-a-port' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'not-a-port' })).toThrow(/PORT="not-a-port": must be a port number from 1 to 65535/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent/);
    expect(() => loadConfig({ DEFAULT_LANG: 'de' })).toThrow(/DEFAULT_LANG/);
  });

  it('reports every bad setting at once and never prints a password', () => {
    try {
      loadConfig({ PORT: 'x', REDIS_URL: 'http://user:hunter2@host:6379' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const err = e as ConfigError;
      expect(err.problems).toHaveLength(2);
      expect(err.message).toContain('REDIS_URL');
      expect(err.message).not.toContain('hunter2');
    }
  });

  it('accepts a Redis URL and trims a trailing slash from PUBLIC_URL', () => {
    const c = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PUBLIC_URL: 'https://bot.example.org/' });
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.publicUrl).toBe('https://bot.example.org');
  });
});
