import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, freePort } from '../support/processes.js';

/**
 * Docker cannot run on this machine, so the image and the compose file are checked for what they
 * must say, and what they run is run here: the build commands of the Dockerfile's build stage, the
 * compiled service started the way the image starts it, and the image's HEALTHCHECK command.
 */
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

interface Stage {
  name: string;
  from: string;
  lines: string[];
}

/** The Dockerfile's stages, with continuation lines joined. */
function stages(text: string): Stage[] {
  const out: Stage[] = [];
  const joined = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of joined) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[2] ?? '', from: from[1] ?? '', lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

function healthcheckCommand(): string[] {
  const line = stages(dockerfile).find((s) => s.name === 'base')?.lines.find((l) => l.startsWith('HEALTHCHECK'));
  const json = /CMD\s+(\[.*\])\s*$/.exec(line ?? '')?.[1];
  if (!json) throw new Error('no HEALTHCHECK CMD in exec form');
  return JSON.parse(json) as string[];
}

describe('the Dockerfile', () => {
  const s = stages(dockerfile);
  const byName = new Map(s.map((x) => [x.name, x]));

  it('builds in one stage and runs from a smaller one, as a non-root user, with a healthcheck; the default target has no browser', () => {
    expect(s.map((x) => x.name)).toEqual(['build', 'base', 'whatsapp-web', 'runtime']);
    // The last stage is what `docker build` makes without --target.
    expect(s.at(-1)).toMatchObject({ name: 'runtime', from: 'base' });
    const base = byName.get('base');
    expect(base?.lines.filter((l) => l.startsWith('USER'))).toEqual(['USER node']);
    expect(base?.lines.some((l) => l.startsWith('HEALTHCHECK'))).toBe(true);
    expect(base?.lines.filter((l) => l.startsWith('COPY --from=build')).length).toBeGreaterThan(0);
    // No compiler, no dev dependencies and no browser outside their stages.
    for (const name of ['base', 'runtime']) expect(byName.get(name)?.lines.join('\n')).not.toMatch(/chromium|g\+\+|npm ci/);
    expect(byName.get('build')?.lines.join('\n')).toContain('npm prune --omit=dev');
    expect(byName.get('whatsapp-web')?.lines.join('\n')).toMatch(/apt-get install .*chromium/);
    expect(byName.get('whatsapp-web')?.lines.at(-2)).toBe('USER node');
  });

  it('sends no local state, build output or secrets to the build', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', 'data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml and the proxy', () => {
  const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as {
    services: Record<string, { image?: string; build?: { target?: string }; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; volumes?: string[]; user?: string }>;
    volumes: Record<string, unknown>;
  };
  const caddy = readFileSync(join(ROOT, 'deploy', 'Caddyfile'), 'utf8');

  it('runs Redis with an append-only file on a volume, and two instances of the runtime image sharing it', () => {
    const { redis, app1, app2, proxy } = compose.services;
    expect(redis?.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(redis?.volumes).toContain('redis-data:/data');
    for (const app of [app1, app2]) {
      expect(app?.build?.target).toBe('runtime');
      expect(app?.environment).toMatchObject({ NODE_ENV: 'production', REDIS_URL: 'redis://redis:6379' });
      expect(app?.depends_on?.redis?.condition).toBe('service_healthy');
    }
    expect(proxy?.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(Object.keys(proxy?.depends_on ?? {}).sort()).toEqual(['app1', 'app2']);
  });

  it('balances over both instances, checks them by /healthz (with Redis down they still answer), and does not name itself', () => {
    expect(caddy).toMatch(/reverse_proxy app1:3000 app2:3000/);
    expect(caddy).toMatch(/health_uri \/healthz/);
    expect(caddy).toMatch(/header -Server/);
  });
});

describe('what the image runs, run here', () => {
  // Inside the repository, so that the compiled code finds node_modules as it does in the image.
  const out = mkdtempSync(join(ROOT, '.build-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds (tsc and the browser bundles), starts as `node dist/src/server.js`, and the HEALTHCHECK command tells up from down', { timeout: 180_000 }, async () => {
    const rel = relative(ROOT, out);
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', rel], { cwd: ROOT, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const web = spawnSync(process.execPath, ['scripts/build-web.mjs', join(rel, 'web'), '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(web.status).toBe(0);

    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'cz-image-'));
    const env = { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, WEBCHAT_ASSETS_DIR: join(rel, 'web'), LOG_LEVEL: 'warn' };
    const check = (): number | null => {
      const [cmd, ...args] = healthcheckCommand();
      return spawnSync(cmd === 'node' ? process.execPath : (cmd ?? ''), args, { env, encoding: 'utf8', timeout: 10_000 }).status;
    };
    expect(check()).toBe(1);
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(rel, 'src', 'server.js')], { cwd: ROOT, env });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const deadline = Date.now() + 30_000;
      while (check() !== 0) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the compiled service did not come up: ${log}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const chat = await fetch(`http://127.0.0.1:${port}/chat`);
      expect(chat.status).toBe(200);
    } finally {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(child.exitCode).toBe(0);
    expect(check()).toBe(1);
  });
});
