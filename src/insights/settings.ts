/**
 * Settings of the editors' tools, the review of missed questions and the metrics endpoint,
 * parsed and validated here and called from src/config.ts (which alone reads the environment).
 */
export interface InsightsConfig {
  /** An entry whose `reviewed` date is older than this many days is listed first for editors. */
  reviewMaxAgeDays: number;
  /** How often an instance checks the store for knowledge-base revisions it missed on the bus (0: never). */
  kbReloadSeconds: number;
  /** How far back the review list collects missed and unhelpful questions. */
  reviewDays: number;
  /** An answer below this confidence (0-1) counts as unsure and goes to the review list. */
  lowConfidence: number;
  /** GET /metrics is served at all. */
  metricsEnabled: boolean;
  /** Bearer token for GET /metrics; null: only direct requests from this machine (no proxy) are answered. */
  metricsToken: string | null;
}

type Read = (name: string) => string | undefined;

export function insightsConfig(read: Read, problems: string[]): InsightsConfig {
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be a whole number from ${min} to ${max}`);
      return def;
    }
    return n;
  };
  const lowRaw = read('REVIEW_LOW_CONFIDENCE');
  let lowConfidence = 0.65;
  if (lowRaw !== undefined) {
    const n = Number(lowRaw);
    if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(lowRaw) || Number.isNaN(n)) problems.push(`REVIEW_LOW_CONFIDENCE=${JSON.stringify(lowRaw)}: must be a number from 0 to 1, such as 0.65`);
    else lowConfidence = n;
  }
  const enabledRaw = read('METRICS_ENABLED') ?? 'true';
  if (enabledRaw !== 'true' && enabledRaw !== 'false') problems.push(`METRICS_ENABLED=${JSON.stringify(enabledRaw)}: must be true or false`);
  const token = read('METRICS_TOKEN') ?? null;
  // Never echo the token: the message may end up in a deployment log.
  if (token !== null && !/^[\x21-\x7e]{16,256}$/.test(token)) problems.push('METRICS_TOKEN: must be 16 to 256 printable characters without spaces');
  return {
    reviewMaxAgeDays: int('KB_REVIEW_MAX_AGE_DAYS', 365, 1, 3650),
    kbReloadSeconds: int('KB_RELOAD_SECONDS', 30, 0, 3600),
    reviewDays: int('REVIEW_DAYS', 90, 1, 3650),
    lowConfidence,
    metricsEnabled: enabledRaw !== 'false',
    metricsToken: token,
  };
}
