import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT, freePort } from './processes.js';

export interface NodeServer {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
}

/**
 * Starts the real service (src/server.ts) as one node process, with tsx as a loader, and waits
 * until it answers /healthz. Unlike the tsx binary (which runs the service in a child process of
 * its own), the pid is the service itself: SIGKILL kills the service, not a wrapper around it.
 */
export async function startNodeServer(env: Record<string, string>, port?: number): Promise<NodeServer> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(p), ...env },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${p}`;
  // Generous: on a busy CI machine, compiling the service on the fly takes a while.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited early: ${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, port: p, output: () => out };
}

/** Resolves with the exit code (null when a signal ended it). */
export function ended(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}
