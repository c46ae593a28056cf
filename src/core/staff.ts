import type { Lang } from './language.js';

export const ROLES = ['staff', 'editor', 'admin'] as const;
export type StaffRole = (typeof ROLES)[number];

/** A person who answers escalated conversations (staff), keeps the answers right (editor), or both and more (admin). */
export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** Languages they can answer in; a conversation in one of them goes to them first. */
  languages: Lang[];
  /** Teams whose queues they work; empty means all teams. */
  teams: string[];
  /** scrypt hash, never sent anywhere. */
  passwordHash: string;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
}

export interface StaffSession {
  id: string;
  staffId: string;
  /** Sent back by the browser in a header on every state-changing request. */
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  /** Staff id, or "user" / "system". */
  actor: string;
  action: string;
  /** What it acted on: a conversation id, a staff id, an entry id. */
  target: string | null;
  details?: Record<string, string | number | boolean | null>;
}

/** Everything staff see of a user's request before they reply, gathered by the bot in one or two steps. */
export interface Intake {
  summary: string | null;
  residence: string | null;
  language: Lang | null;
  contact: string | null;
  skipped: boolean;
}
