import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('privacy settings', () => {
  it('keeps conversations 90 days and shows the notice by default; off only under NODE_ENV=test unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production', COOKIE_SECURE: 'true' }).privacy).toEqual({ retentionDays: 90, policyUrl: null, notice: true });
    expect(loadConfig({ NODE_ENV: 'development' }).privacy.notice).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).privacy.notice).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', PRIVACY_NOTICE: 'on' }).privacy.notice).toBe(true);
    expect(loadConfig({ RETENTION_DAYS: '30', PRIVACY_POLICY_URL: 'https://www.example.org/gdpr' }).privacy).toMatchObject({ retentionDays: 30, policyUrl: 'https://www.example.org/gdpr' });
  });

  it('names a bad value and what it allows', () => {
    expect(() => loadConfig({ RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS="0": must be a whole number of days from 1 to 3650/);
    expect(() => loadConfig({ RETENTION_DAYS: 'forever' })).toThrow(/RETENTION_DAYS/);
    expect(() => loadConfig({ PRIVACY_POLICY_URL: 'javascript:alert(1)' })).toThrow(/PRIVACY_POLICY_URL="javascript:alert\(1\)": must be a URL starting with https:\/\/ or http:\/\//);
    expect(() => loadConfig({ PRIVACY_NOTICE: 'maybe' })).toThrow(/PRIVACY_NOTICE="maybe": must be on or off/);
  });
});
