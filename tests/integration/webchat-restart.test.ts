import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium, openChat, startWebchat, type WebchatService } from '../support/webchat-browser.js';

/**
 * The same visitor (an id kept in the browser) finds the conversation after a reload and after
 * the service restarts on the same data, and the open page reconnects by itself meanwhile.
 */
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'cz-webchat-restart-'));
let running: WebchatService | null = null;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await running?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const waitFor = <T>(fn: () => Promise<T> | T): Promise<T> => vi.waitFor(fn, { timeout: 20_000, interval: 50 });
const transcript = (page: Page): Promise<string[]> =>
  page.locator('.msg:not(.welcome) .bubble').evaluateAll((els) => els.map((e) => `${e.parentElement?.classList[1]}: ${(e.textContent ?? '').slice(0, 40)}`));

async function ask(page: Page, text: string, botCount: number): Promise<void> {
  await page.locator('#cz-input').fill(text);
  await page.locator('#cz-input').press('Enter');
  await waitFor(async () => expect(await page.locator('.msg.bot:not(.welcome)').count()).toBe(botCount));
  // Stored and named: the answer can now be rated.
  await waitFor(async () => expect(await page.locator('.msg.bot:not(.welcome) .fb').count()).toBe(botCount));
}

describe('the conversation survives', () => {
  it('a reload, and a restart of the service while the page stays open', async () => {
    running = await startWebchat({ DATA_DIR: dataDir });
    const port = running.port;
    const { page } = await openChat(browser, `${running.base}/chat?lang=en`);
    await ask(page, 'What is the EU Blue Card in Czechia?', 1);
    await page.locator('.msg.bot:not(.welcome) .fb-btn').first().click();
    await waitFor(async () => {
      const stored = await running?.runtime.store.conversations.list({});
      expect(stored?.length).toBe(1);
    });
    const before = await transcript(page);
    expect(before).toHaveLength(2);

    await page.reload();
    await waitFor(async () => expect(await transcript(page)).toEqual(before));
    // The rating came back with the history, and the topics offered to newcomers did not.
    expect(await page.locator('.fb-btn[aria-pressed="true"]').count()).toBe(1);
    expect(await page.locator('.welcome .quick').count()).toBe(0);

    await running.close();
    running = null;
    await waitFor(async () => expect(await page.locator('#cz-conn').innerText()).toContain('Reconnecting'));

    running = await startWebchat({ DATA_DIR: dataDir }, port);
    await waitFor(async () => expect(await page.locator('#cz-conn').innerText()).toBe(''));
    await ask(page, 'Which foreigners can be in Czech public health insurance?', 2);
    expect(await transcript(page)).toHaveLength(4);

    await page.reload();
    await waitFor(async () => expect(await transcript(page)).toHaveLength(4));
    const after = await transcript(page);
    expect(after.slice(0, 2)).toEqual(before);
    expect(after[2]).toMatch(/^user: Which foreigners can be in Czech/);
    await page.context().close();
  });
});
