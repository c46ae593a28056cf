import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.js';
import { isLang, type Lang } from '../core/language.js';
import type { Store } from '../core/ports.js';
import { ROLES, type StaffRole, type StaffSession, type StaffUser } from '../core/staff.js';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import type { HandoffConfig } from './settings.js';

export interface NewStaff {
  email: string;
  name: string;
  role: string;
  languages: string[];
  teams?: string[];
  password: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creating accounts and logging in: the same code for the CLI and the HTTP routes. */
export class StaffAccounts {
  constructor(
    private readonly store: Store,
    private readonly cfg: Pick<HandoffConfig, 'sessionHours' | 'maxFailedLogins' | 'lockoutMinutes' | 'teams'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(input: NewStaff): Promise<StaffUser> {
    const problems: string[] = [];
    const email = input.email.trim();
    if (!EMAIL.test(email)) problems.push('--email must be an e-mail address');
    if (!input.name.trim()) problems.push('--name must not be empty');
    if (!(ROLES as readonly string[]).includes(input.role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
    const langs = input.languages.map((l) => l.trim()).filter(Boolean);
    const badLang = langs.filter((l) => !isLang(l));
    if (badLang.length > 0) problems.push(`--languages: unknown ${badLang.join(', ')} (use cs, en, uk, ru, vi)`);
    const teams = (input.teams ?? []).map((t) => t.trim()).filter(Boolean);
    const badTeams = teams.filter((t) => !(t in this.cfg.teams));
    if (badTeams.length > 0) problems.push(`--teams: unknown ${badTeams.join(', ')} (teams: ${Object.keys(this.cfg.teams).join(', ')})`);
    const pw = passwordProblem(input.password);
    if (pw) problems.push(pw);
    if (problems.length > 0) throw new AppError('BAD_INPUT', problems.join('; '), { problems });
    const user: StaffUser = {
      id: randomUUID(),
      email,
      name: input.name.trim(),
      role: input.role as StaffRole,
      languages: langs.filter(isLang) as Lang[],
      teams,
      passwordHash: await hashPassword(input.password),
      failedLogins: 0,
      lockedUntil: null,
      createdAt: this.clock().toISOString(),
    };
    await this.store.staff.create(user);
    return user;
  }

  /**
   * Checks e-mail and password. After too many failures the account is locked for a while; the
   * answer never says whether the e-mail exists.
   */
  async login(email: string, password: string): Promise<{ user: StaffUser; session: StaffSession }> {
    const now = this.clock();
    const user = await this.store.staff.byEmail(email);
    if (!user) {
      await verifyPassword(password, DUMMY_HASH);
      throw new AppError('UNAUTHORIZED', 'wrong e-mail or password');
    }
    if (user.lockedUntil && Date.parse(user.lockedUntil) > now.getTime()) {
      throw new AppError('RATE_LIMITED', 'too many failed logins; try again later', { until: user.lockedUntil });
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      const failed = user.failedLogins + 1;
      const locked = failed >= this.cfg.maxFailedLogins;
      await this.store.staff.update({ ...user, failedLogins: locked ? 0 : failed, lockedUntil: locked ? new Date(now.getTime() + this.cfg.lockoutMinutes * 60_000).toISOString() : null });
      throw new AppError(locked ? 'RATE_LIMITED' : 'UNAUTHORIZED', locked ? 'too many failed logins; try again later' : 'wrong e-mail or password');
    }
    if (user.failedLogins > 0 || user.lockedUntil) await this.store.staff.update({ ...user, failedLogins: 0, lockedUntil: null });
    const session: StaffSession = {
      id: randomBytes(32).toString('base64url'),
      staffId: user.id,
      csrf: randomBytes(24).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.cfg.sessionHours * 3_600_000).toISOString(),
    };
    await this.store.sessions.create(session);
    return { user, session };
  }

  /** The staff member behind a session cookie, or null. */
  async authenticate(sessionId: string | undefined): Promise<{ user: StaffUser; session: StaffSession } | null> {
    if (!sessionId || sessionId.length > 100) return null;
    const session = await this.store.sessions.get(sessionId);
    if (!session) return null;
    const user = await this.store.staff.get(session.staffId);
    return user ? { user, session } : null;
  }
}

/** What of an account may leave the server. */
export function publicStaff(u: StaffUser): Omit<StaffUser, 'passwordHash' | 'failedLogins' | 'lockedUntil'> {
  return { id: u.id, email: u.email, name: u.name, role: u.role, languages: u.languages, teams: u.teams, createdAt: u.createdAt };
}
