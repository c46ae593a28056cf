import type { Database } from 'better-sqlite3';
import { AppError } from '../../src/core/errors.js';
import type { AuditLog, SessionRepo, StaffRepo } from '../../src/core/ports.js';
import type { AuditEvent, StaffSession, StaffUser } from '../../src/core/staff.js';

/** Staff accounts, their sessions and the audit log in the embedded store. */
export function sqliteStaff(db: Database): { staff: StaffRepo; sessions: SessionRepo; audit: AuditLog } {
  const q = {
    insert: db.prepare('INSERT INTO staff (id, email, data) VALUES (?, ?, ?)'),
    update: db.prepare('UPDATE staff SET email = ?, data = ? WHERE id = ?'),
    get: db.prepare<[string], { data: string }>('SELECT data FROM staff WHERE id = ?'),
    byEmail: db.prepare<[string], { data: string }>('SELECT data FROM staff WHERE email = ? COLLATE NOCASE'),
    list: db.prepare<[], { data: string }>('SELECT data FROM staff ORDER BY email'),
    sessionInsert: db.prepare('INSERT INTO sessions (id, staff_id, expires_at, data) VALUES (?, ?, ?, ?)'),
    sessionGet: db.prepare<[string, string], { data: string }>('SELECT data FROM sessions WHERE id = ? AND expires_at > ?'),
    sessionDelete: db.prepare('DELETE FROM sessions WHERE id = ?'),
    sessionPrune: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    auditInsert: db.prepare('INSERT INTO audit (id, at, target, data) VALUES (?, ?, ?, ?)'),
    auditAll: db.prepare<[number], { data: string }>('SELECT data FROM audit ORDER BY seq DESC LIMIT ?'),
    auditTarget: db.prepare<[string, number], { data: string }>('SELECT data FROM audit WHERE target = ? ORDER BY seq DESC LIMIT ?'),
  };
  const parse = <T>(row: { data: string } | undefined): T | null => (row ? (JSON.parse(row.data) as T) : null);
  return {
    staff: {
      async create(user: StaffUser) {
        try {
          q.insert.run(user.id, user.email, JSON.stringify(user));
        } catch (e) {
          if (e instanceof Error && /UNIQUE/.test(e.message)) throw new AppError('CONFLICT', `a staff account with e-mail ${user.email} exists`, { email: user.email });
          throw e;
        }
      },
      async update(user) {
        q.update.run(user.email, JSON.stringify(user), user.id);
      },
      async get(id) {
        return parse<StaffUser>(q.get.get(id));
      },
      async byEmail(email) {
        return parse<StaffUser>(q.byEmail.get(email.trim()));
      },
      async list() {
        return q.list.all().map((r) => JSON.parse(r.data) as StaffUser);
      },
    },
    sessions: {
      async create(s: StaffSession) {
        q.sessionPrune.run(new Date().toISOString());
        q.sessionInsert.run(s.id, s.staffId, s.expiresAt, JSON.stringify(s));
      },
      async get(id) {
        return parse<StaffSession>(q.sessionGet.get(id, new Date().toISOString()));
      },
      async delete(id) {
        q.sessionDelete.run(id);
      },
    },
    audit: {
      async append(e: AuditEvent) {
        q.auditInsert.run(e.id, e.at, e.target, JSON.stringify(e));
      },
      async list(filter) {
        const limit = filter.limit ?? 200;
        const rows = filter.target ? q.auditTarget.all(filter.target, limit) : q.auditAll.all(limit);
        return rows.map((r) => JSON.parse(r.data) as AuditEvent);
      },
    },
  };
}
