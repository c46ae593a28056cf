import type { FastifyInstance } from 'fastify';
import type { StaffRole } from '../../src/core/staff.js';
import type { Runtime } from '../../src/runtime.js';

export const PASSWORD = 'correct horse battery staple';

export async function addStaff(runtime: Runtime, email: string, role: StaffRole, opts: { languages?: string[]; teams?: string[]; name?: string } = {}) {
  return runtime.staff.accounts.create({ email, name: opts.name ?? email.split('@')[0] ?? 'Staff', role, languages: opts.languages ?? ['cs', 'uk'], teams: opts.teams ?? [], password: PASSWORD });
}

export interface StaffClient {
  cookie: string;
  csrf: string;
  get(url: string): Promise<{ status: number; body: Record<string, unknown> }>;
  post(url: string, payload?: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Logs in through the real route and keeps the cookie and CSRF token, as the inbox page does. */
export async function loginAs(app: FastifyInstance, email: string, password = PASSWORD): Promise<StaffClient> {
  const res = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'cz_staff');
  if (!cookie) throw new Error('no session cookie');
  const csrf = (res.json() as { csrf: string }).csrf;
  const headers = { cookie: `cz_staff=${cookie.value}`, 'x-csrf-token': csrf };
  return {
    cookie: cookie.value,
    csrf,
    async get(url) {
      const r = await app.inject({ method: 'GET', url, headers });
      return { status: r.statusCode, body: r.json() as Record<string, unknown> };
    },
    async post(url, payload) {
      const r = await app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
      return { status: r.statusCode, body: r.json() as Record<string, unknown> };
    },
  };
}
