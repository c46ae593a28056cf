import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/runtime.js';
import { loadConfig } from '../../src/config.js';
import type { Log } from '../../src/core/ports.js';
import { LocalConnector, LocalIssuer, incoming, type BotActivity } from '../support/botframework-peer.js';
import { startTestService, type TestService } from '../support/runtime.js';

const APP_ID = '6f1c2a8e-93b4-4d2f-8a51-0c7e9b3d4f12';
const OTHER_APP_ID = '0b9e4c7a-1d2f-4e3a-9c8b-7a6d5e4f3c2b';

/**
 * With app credentials set, botbuilder checks the channel's JWT on every activity. The tokens here
 * are real RS256 tokens, validated against a local stand-in for the Bot Framework's OpenID keys.
 */
describe('Bot Framework channel with credentials', () => {
  let svc: TestService;
  let connector: LocalConnector;
  let issuer: LocalIssuer;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
    issuer = await new LocalIssuer().start();
    svc = await startTestService(
      { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret' },
      { botframework: { authEndpoints: { channelOpenIdMetadataUrl: `${issuer.url}/openid`, emulatorOpenIdMetadataUrl: `${issuer.url}/openid` } } },
    );
  });
  afterAll(async () => {
    await svc.close();
    await issuer.close();
    await connector.close();
  });

  const post = (activity: Record<string, unknown>, authorization?: string) =>
    svc.app.inject({ method: 'POST', url: '/api/messages', payload: activity, headers: authorization ? { authorization } : {} });
  const handled = async (thread: string): Promise<boolean> => (await svc.runtime.store.conversations.get(`botframework:emulator:${thread}`)) !== null;

  it('refuses an activity without a token', async () => {
    const res = await post(incoming(connector.url, { conversation: { id: 'no-token' }, text: '/help' }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await handled('no-token')).toBe(false);
  });

  it('refuses a bogus bearer token', async () => {
    const res = await post(incoming(connector.url, { conversation: { id: 'bogus' }, text: '/help' }), 'Bearer bogus.token.value');
    expect(res.statusCode).toBe(401);
    expect(await handled('bogus')).toBe(false);
  });

  it('refuses a token signed with a key the Bot Framework never published', async () => {
    const token = issuer.token({ aud: APP_ID, serviceurl: connector.url }, { signWith: 'forger' });
    const res = await post(incoming(connector.url, { conversation: { id: 'forged' }, text: '/help' }), `Bearer ${token}`);
    expect(res.statusCode).toBe(401);
    expect(await handled('forged')).toBe(false);
  });

  it('refuses a genuine token meant for another bot', async () => {
    const token = issuer.token({ aud: OTHER_APP_ID, serviceurl: connector.url });
    const res = await post(incoming(connector.url, { conversation: { id: 'other-bot' }, text: '/help' }), `Bearer ${token}`);
    expect(res.statusCode).toBe(401);
    expect(await handled('other-bot')).toBe(false);
  });

  it('refuses a genuine token issued for another serviceUrl (replies must not go elsewhere)', async () => {
    const token = issuer.token({ aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/emea/' });
    const res = await post(incoming(connector.url, { conversation: { id: 'other-url' }, text: '/help' }), `Bearer ${token}`);
    expect(res.statusCode).toBe(401);
    expect(await handled('other-url')).toBe(false);
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    const token = issuer.token({ aud: APP_ID, serviceurl: connector.url, iat: past, nbf: past, exp: past + 600 });
    const res = await post(incoming(connector.url, { conversation: { id: 'expired' }, text: '/help' }), `Bearer ${token}`);
    expect(res.statusCode).toBe(401);
    expect(await handled('expired')).toBe(false);
  });

  it('accepts a valid token and answers (expectReplies: in the HTTP answer)', async () => {
    const token = issuer.token({ aud: APP_ID, serviceurl: connector.url });
    const res = await post(
      incoming(connector.url, { conversation: { id: 'valid' }, text: 'Як отримати постійне проживання в Чехії?', deliveryMode: 'expectReplies' }),
      `Bearer ${token}`,
    );
    expect(res.statusCode).toBe(200);
    const replies = res.json<{ activities: BotActivity[] }>().activities;
    expect(replies.length).toBeGreaterThan(0);
    expect(replies[0]?.locale).toBe('uk');
    expect(await handled('valid')).toBe(true);
    expect((await svc.runtime.store.conversations.get('botframework:emulator:valid'))?.lang).toBe('uk');
    expect(connector.calls).toHaveLength(0);
  });
});

describe('Bot Framework start-up', () => {
  it('warns at start when it runs without credentials (Emulator mode)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cz-bf-'));
    const warnings: string[] = [];
    const log: Log = { debug() {}, info() {}, error() {}, warn: (_o, msg) => void warnings.push(msg ?? '') };
    const runtime = await createRuntime(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, BOTFRAMEWORK_ENABLED: 'true' }), log);
    try {
      expect(runtime.botframework?.authenticated).toBe(false);
      expect(warnings.some((w) => w.includes('authentication is off'))).toBe(true);
    } finally {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('does not warn when credentials are set', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cz-bf-'));
    const warnings: string[] = [];
    const log: Log = { debug() {}, info() {}, error() {}, warn: (_o, msg) => void warnings.push(msg ?? '') };
    const runtime = await createRuntime(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret' }), log);
    try {
      expect(runtime.botframework?.authenticated).toBe(true);
      expect(warnings.some((w) => w.includes('authentication is off'))).toBe(false);
    } finally {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
