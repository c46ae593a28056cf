import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestService, type TestService } from './runtime.js';

/** Debian's Chromium, as design.md says (no download, no sandbox in containers). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

let built: string | null = null;

/** The browser bundles, built once per test process by the same script as `npm run build:web`. */
export function webAssets(): string {
  if (!built) {
    const dir = mkdtempSync(join(tmpdir(), 'cz-web-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    execFileSync(process.execPath, ['scripts/build-web.mjs', dir, '--quiet'], { stdio: 'inherit' });
    built = dir;
  }
  return built;
}

export interface WebchatService extends TestService {
  /** http://127.0.0.1:PORT */
  base: string;
  port: number;
}

/** A real service listening on 127.0.0.1 (port 0 unless given, to come back on the same port after a restart). */
export async function startWebchat(env: Record<string, string> = {}, port = 0): Promise<WebchatService> {
  const svc = await startTestService({ WEBCHAT_ASSETS_DIR: webAssets(), ...env });
  await svc.app.listen({ host: '127.0.0.1', port });
  const address = svc.app.server.address() as AddressInfo;
  return { ...svc, port: address.port, base: `http://127.0.0.1:${address.port}` };
}

/** Another origin: a plain server answering with the HTML `page` makes of the requested URL. */
export async function hostPage(page: (url: URL) => string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(new URL(req.url ?? '/', 'http://localhost')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // "localhost" rather than 127.0.0.1: a different host as well as a different port.
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const AXE = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** axe-core in the page (or frame), WCAG 2 A and AA rules; returns the serious and critical findings. */
export async function seriousViolations(target: Pick<Page, 'evaluate'>): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol: the page's Trusted Types policy forbids adding a script tag.
  await target.evaluate(AXE);
  return target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
}

/** A page of the chat with what it threw and what dialogs it tried to open. */
export interface ChatPage {
  page: Page;
  errors: string[];
  dialogs: string[];
}

export async function openChat(browser: Browser, url: string, viewport = { width: 390, height: 844 }): Promise<ChatPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector('.welcome');
  return { page, errors, dialogs };
}

export async function visitorOf(page: Page): Promise<string> {
  const v = await page.evaluate(() => localStorage.getItem('cz-chat:visitor'));
  if (!v) throw new Error('the page has no visitor id');
  return v;
}

/** The first line of a knowledge-base answer as the page shows it: Markdown marks gone. */
export function plainStart(markdown: string, length = 40): string {
  const first = markdown.split('\n').find((l) => l.trim() !== '') ?? '';
  return first
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/^\s*[-*]\s+/, '')
    .trim()
    .slice(0, length);
}
