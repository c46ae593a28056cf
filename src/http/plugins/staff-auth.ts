import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../core/errors.js';
import type { StaffRole, StaffSession, StaffUser } from '../../core/staff.js';
import type { StaffAccounts } from '../../handoff/staff-accounts.js';

export const SESSION_COOKIE = 'cz_staff';

declare module 'fastify' {
  interface FastifyRequest {
    staffAuth: { user: StaffUser; session: StaffSession } | null;
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves the session cookie to a staff member on every request. `requireStaff(roles)` guards
 * a route: 401 without a valid session, 403 for the wrong role, and for anything but GET/HEAD the
 * CSRF token (given at login) must come back in the x-csrf-token header.
 */
export const staffAuth = fp(
  async (app: FastifyInstance, opts: { accounts: StaffAccounts }) => {
    app.decorateRequest('staffAuth', null);
    app.addHook('onRequest', async (req) => {
      const sid = req.cookies[SESSION_COOKIE];
      req.staffAuth = sid ? await opts.accounts.authenticate(sid) : null;
    });
  },
  { name: 'staff-auth', dependencies: ['@fastify/cookie'] },
);

export function requireStaff(roles: readonly StaffRole[]) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const auth = req.staffAuth;
    if (!auth) throw new AppError('UNAUTHORIZED', 'log in first');
    if (!roles.includes(auth.user.role)) throw new AppError('FORBIDDEN', `this needs the role ${roles.join(' or ')}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const token = req.headers['x-csrf-token'];
      if (typeof token !== 'string' || !sameToken(token, auth.session.csrf)) throw new AppError('FORBIDDEN', 'missing or wrong CSRF token');
    }
  };
}

export function currentStaff(req: FastifyRequest): StaffUser {
  if (!req.staffAuth) throw new AppError('UNAUTHORIZED', 'log in first');
  return req.staffAuth.user;
}
