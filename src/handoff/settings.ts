/**
 * Settings of the handoff to staff, parsed and validated here and called from src/config.ts
 * (which alone reads the environment).
 */
export interface HandoffConfig {
  timezone: string;
  /** Minutes after midnight, per weekday (0 = Sunday): [open, close] ranges. */
  hours: [number, number][][];
  /** Extra closed days (YYYY-MM-DD) on top of Czech public holidays. */
  closedDays: string[];
  /** team → topics (the part of an entry id before the dot) it answers. */
  teams: Record<string, string[]>;
  defaultTeam: string;
  /** How long a staff login lasts. */
  sessionHours: number;
  /** Send the session cookie only over https (leave on in production; off only for plain-http local tests). */
  cookieSecure: boolean;
  maxFailedLogins: number;
  lockoutMinutes: number;
}

type Read = (name: string) => string | undefined;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** "mon-thu 08:00-16:00; fri 08:00-14:00" → per-weekday ranges. */
export function parseHours(spec: string): [number, number][][] | null {
  const week: [number, number][][] = [[], [], [], [], [], [], []];
  for (const part of spec.split(/[;,]/).map((p) => p.trim().toLowerCase()).filter(Boolean)) {
    const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) return null;
    const from = DAYS.indexOf(m[1] ?? '');
    const to = m[2] ? DAYS.indexOf(m[2]) : from;
    const open = Number(m[3]) * 60 + Number(m[4]);
    const close = Number(m[5]) * 60 + Number(m[6]);
    if (from < 0 || to < 0 || open >= close || close > 24 * 60) return null;
    for (let d = from; ; d = (d + 1) % 7) {
      week[d]?.push([open, close]);
      if (d === to) break;
    }
  }
  return week;
}

export function handoffConfig(read: Read, problems: string[], env: string): HandoffConfig {
  const timezone = read('TIMEZONE') ?? 'Europe/Prague';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    problems.push(`TIMEZONE=${JSON.stringify(timezone)}: must be an IANA time zone such as Europe/Prague`);
  }
  const hoursSpec = read('BUSINESS_HOURS') ?? 'mon-fri 09:00-16:00';
  const hours = parseHours(hoursSpec);
  if (!hours) problems.push(`BUSINESS_HOURS=${JSON.stringify(hoursSpec)}: must look like "mon-thu 08:00-16:00; fri 08:00-14:00"`);
  const closedDays = (read('CLOSED_DAYS') ?? '').split(',').map((d) => d.trim()).filter(Boolean);
  for (const d of closedDays) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) problems.push(`CLOSED_DAYS: "${d}" is not a date (YYYY-MM-DD, comma-separated)`);
  const teamsSpec = read('HANDOFF_TEAMS') ?? 'legal=residence,ukraine,legal; social=social,health; czech=czech,integration,education; info=centre,work';
  const teams: Record<string, string[]> = {};
  for (const part of teamsSpec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z][a-z0-9-]*)=([a-z,\s-]+)$/.exec(part);
    if (!m) {
      problems.push(`HANDOFF_TEAMS: "${part}" must look like team=topic,topic`);
      continue;
    }
    teams[m[1] ?? ''] = (m[2] ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  }
  const defaultTeam = read('HANDOFF_DEFAULT_TEAM') ?? 'info';
  if (Object.keys(teams).length > 0 && !(defaultTeam in teams)) problems.push(`HANDOFF_DEFAULT_TEAM=${JSON.stringify(defaultTeam)}: must be one of the teams in HANDOFF_TEAMS (${Object.keys(teams).join(', ')})`);
  const num = (name: string, def: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
      return def;
    }
    return n;
  };
  const secureRaw = read('COOKIE_SECURE') ?? (env === 'production' ? 'true' : 'false');
  if (secureRaw !== 'true' && secureRaw !== 'false') problems.push(`COOKIE_SECURE=${JSON.stringify(secureRaw)}: must be true or false`);
  return {
    timezone,
    hours: hours ?? [[], [], [], [], [], [], []],
    closedDays,
    teams,
    defaultTeam,
    sessionHours: num('STAFF_SESSION_HOURS', 12, 1, 24 * 30),
    cookieSecure: secureRaw === 'true',
    maxFailedLogins: num('STAFF_MAX_FAILED_LOGINS', 5, 1, 100),
    lockoutMinutes: num('STAFF_LOCKOUT_MINUTES', 15, 1, 24 * 60),
  };
}
