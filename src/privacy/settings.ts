/**
 * Privacy settings, parsed and validated here and called from src/config.ts (which alone reads the
 * environment).
 */
export interface PrivacyConfig {
  /** Conversations not updated for this many days are deleted (the transcript, feedback and profile with them). */
  retentionDays: number;
  /** The full privacy policy, linked from the notice at first contact; null: the notice has no link. */
  policyUrl: string | null;
  /**
   * Show the notice at first contact. Off by default only under NODE_ENV=test, so that every
   * channel's test suite need not step over it; the privacy tests switch it on.
   */
  notice: boolean;
}

type Read = (name: string) => string | undefined;

export function privacyConfig(read: Read, problems: string[], env: string): PrivacyConfig {
  const rawDays = read('RETENTION_DAYS');
  let retentionDays = 90;
  if (rawDays !== undefined) {
    const n = Number(rawDays);
    if (!/^\d+$/.test(rawDays) || n < 1 || n > 3650) problems.push(`RETENTION_DAYS=${JSON.stringify(rawDays)}: must be a whole number of days from 1 to 3650`);
    else retentionDays = n;
  }
  const rawUrl = read('PRIVACY_POLICY_URL');
  let policyUrl: string | null = null;
  if (rawUrl !== undefined) {
    if (URL.canParse(rawUrl) && /^https?:$/.test(new URL(rawUrl).protocol)) policyUrl = rawUrl;
    else problems.push(`PRIVACY_POLICY_URL=${JSON.stringify(rawUrl)}: must be a URL starting with https:// or http://`);
  }
  const rawNotice = read('PRIVACY_NOTICE') ?? (env === 'test' ? 'off' : 'on');
  if (rawNotice !== 'on' && rawNotice !== 'off') problems.push(`PRIVACY_NOTICE=${JSON.stringify(rawNotice)}: must be on or off`);
  return { retentionDays, policyUrl, notice: rawNotice !== 'off' };
}
