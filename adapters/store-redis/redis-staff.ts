import { AppError } from '../../src/core/errors.js';
import type { AuditLog, SessionRepo, StaffRepo } from '../../src/core/ports.js';
import type { AuditEvent, StaffSession, StaffUser } from '../../src/core/staff.js';
import type { RedisClient } from './client.js';

const AUDIT_MAX = 100_000;

/**
 * Staff accounts (a hash by id, an e-mail index), sessions (keys that expire by themselves) and
 * the audit log (a capped list, plus one per target) in Redis.
 */
export function redisStaff(client: RedisClient, p: string): { staff: StaffRepo; sessions: SessionRepo; audit: AuditLog } {
  const k = {
    staff: `${p}staff`,
    email: `${p}staff:email`,
    session: (id: string) => `${p}session:${id}`,
    audit: `${p}audit`,
    auditTarget: (t: string) => `${p}audit:${t}`,
  };
  const parse = <T>(raw: string | null | undefined): T | null => (raw ? (JSON.parse(raw) as T) : null);
  return {
    staff: {
      async create(user: StaffUser) {
        const email = user.email.trim().toLowerCase();
        if (!(await client.hSetNX(k.email, email, user.id))) throw new AppError('CONFLICT', `a staff account with e-mail ${user.email} exists`, { email: user.email });
        await client.hSet(k.staff, user.id, JSON.stringify(user));
      },
      async update(user) {
        const old = parse<StaffUser>(await client.hGet(k.staff, user.id));
        const multi = client.multi().hSet(k.staff, user.id, JSON.stringify(user));
        if (old && old.email.toLowerCase() !== user.email.toLowerCase()) multi.hDel(k.email, old.email.toLowerCase()).hSet(k.email, user.email.toLowerCase(), user.id);
        await multi.exec();
      },
      async get(id) {
        return parse<StaffUser>(await client.hGet(k.staff, id));
      },
      async byEmail(email) {
        const id = await client.hGet(k.email, email.trim().toLowerCase());
        return id ? parse<StaffUser>(await client.hGet(k.staff, id)) : null;
      },
      async list() {
        const all = Object.values(await client.hGetAll(k.staff)).map((r) => JSON.parse(r) as StaffUser);
        return all.sort((a, b) => a.email.localeCompare(b.email));
      },
    },
    sessions: {
      async create(s: StaffSession) {
        const ttl = Math.max(1, Math.ceil((Date.parse(s.expiresAt) - Date.now()) / 1000));
        await client.set(k.session(s.id), JSON.stringify(s), { expiration: { type: 'EX', value: ttl } });
      },
      async get(id) {
        const s = parse<StaffSession>(await client.get(k.session(id)));
        return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
      },
      async delete(id) {
        await client.del(k.session(id));
      },
    },
    audit: {
      async append(e: AuditEvent) {
        const raw = JSON.stringify(e);
        const multi = client.multi().lPush(k.audit, raw).lTrim(k.audit, 0, AUDIT_MAX - 1);
        if (e.target) multi.lPush(k.auditTarget(e.target), raw).lTrim(k.auditTarget(e.target), 0, AUDIT_MAX - 1);
        await multi.exec();
      },
      async list(filter) {
        const raws = await client.lRange(filter.target ? k.auditTarget(filter.target) : k.audit, 0, (filter.limit ?? 200) - 1);
        return raws.map((r) => JSON.parse(r) as AuditEvent);
      },
    },
  };
}
