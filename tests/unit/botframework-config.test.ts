import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const APP_ID = '6f1c2a8e-93b4-4d2f-8a51-0c7e9b3d4f12';
const TENANT = '0b9e4c7a-1d2f-4e3a-9c8b-7a6d5e4f3c2b';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('Bot Framework settings', () => {
  it('is off without settings, so the service starts without it', () => {
    expect(loadConfig({}).botframework).toBeNull();
  });

  it('is on in Emulator mode with BOTFRAMEWORK_ENABLED=true and no credentials (outside production)', () => {
    expect(loadConfig({ BOTFRAMEWORK_ENABLED: 'true' }).botframework).toEqual({ appId: null, appPassword: null, appType: 'MultiTenant', tenantId: null });
  });

  it('is on when the app id and password are set', () => {
    expect(loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret' }).botframework).toMatchObject({ appId: APP_ID, appType: 'MultiTenant' });
  });

  it('stays off with BOTFRAMEWORK_ENABLED=false even when credentials are set', () => {
    expect(loadConfig({ BOTFRAMEWORK_ENABLED: 'false', MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret' }).botframework).toBeNull();
  });

  it('refuses to start in production without credentials unless that is explicitly allowed', () => {
    const found = problems({ NODE_ENV: 'production', BOTFRAMEWORK_ENABLED: 'true' });
    expect(found.join('\n')).toMatch(/MICROSOFT_APP_ID: required .*production/);
    expect(found.join('\n')).toContain('BOTFRAMEWORK_ALLOW_UNAUTHENTICATED');
    expect(loadConfig({ NODE_ENV: 'production', BOTFRAMEWORK_ENABLED: 'true', BOTFRAMEWORK_ALLOW_UNAUTHENTICATED: 'true' }).botframework?.appId).toBeNull();
  });

  it('names the setting that is missing or wrong', () => {
    expect(problems({ MICROSOFT_APP_ID: APP_ID })).toEqual([expect.stringMatching(/^MICROSOFT_APP_PASSWORD: required/)]);
    expect(problems({ BOTFRAMEWORK_ENABLED: 'true', MICROSOFT_APP_PASSWORD: 'secret' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_PASSWORD: set without MICROSOFT_APP_ID/)]);
    expect(problems({ MICROSOFT_APP_ID: 'my-bot', MICROSOFT_APP_PASSWORD: 'secret' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_ID: must be .*GUID/)]);
    expect(problems({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TYPE: 'SingleTenant' })).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE=SingleTenant/),
    ]);
    expect(problems({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT })).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_PASSWORD: must not be set/),
    ]);
    expect(problems({ MICROSOFT_APP_TYPE: 'Tenantless' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_TYPE="Tenantless": must be one of MultiTenant, SingleTenant, UserAssignedMSI/)]);
    expect(problems({ BOTFRAMEWORK_ENABLED: 'yes' })).toEqual([expect.stringMatching(/^BOTFRAMEWORK_ENABLED="yes": must be true or false/)]);
  });

  it('accepts a single-tenant bot and a managed identity', () => {
    expect(loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: TENANT }).botframework).toMatchObject({
      appType: 'SingleTenant',
      tenantId: TENANT,
    });
    expect(loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT }).botframework).toMatchObject({
      appType: 'UserAssignedMSI',
      appPassword: null,
    });
  });

  it('never prints the password in a problem', () => {
    const found = problems({ MICROSOFT_APP_PASSWORD: 'hunter2-very-secret', BOTFRAMEWORK_ENABLED: 'true', NODE_ENV: 'production' });
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).not.toContain('hunter2');
  });
});
