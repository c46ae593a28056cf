import type { EntryDetail, EntrySummary, FieldDiff, Insights, KbEntry, Lang, Me, PreviewChannel, ReviewGroup, RevisionBrief, SaveResult, TryResult } from './types.js';

/** An answer other than 2xx: the status, the server's stable code and message, and an invalid entry's problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const enc = encodeURIComponent;

/**
 * The editors' API from the page. The session is an httpOnly cookie the page never sees; the
 * CSRF token (from login or /me) goes back in a header on every state change.
 */
export class AdminApi {
  private csrf = '';
  onUnauthorized: () => void = () => undefined;

  private async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: object): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let res: Response;
    try {
      res = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store', ...(body ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new ApiError(0, 'NETWORK', 'network error');
    }
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const problems = Array.isArray(data.problems) ? data.problems.filter((p): p is string => typeof p === 'string') : [];
      if (res.status === 401 && path !== '/api/staff/session') this.onUnauthorized();
      throw new ApiError(res.status, typeof data.code === 'string' ? data.code : 'HTTP', typeof data.message === 'string' ? data.message : res.statusText, problems);
    }
    return data as T;
  }

  async login(email: string, password: string): Promise<Me> {
    const r = await this.call<{ staff: Me; csrf: string }>('POST', '/api/staff/session', { email, password });
    this.csrf = r.csrf;
    return r.staff;
  }

  async me(): Promise<Me | null> {
    try {
      const r = await this.call<{ staff: Me; csrf: string }>('GET', '/api/staff/me');
      this.csrf = r.csrf;
      return r.staff;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  }

  async logout(): Promise<void> {
    await this.call('DELETE', '/api/staff/session').catch(() => undefined);
    this.csrf = '';
  }

  entries(q: string): Promise<{ entries: EntrySummary[]; head: number; reviewMaxAgeDays: number }> {
    return this.call('GET', `/api/admin/kb/entries${q ? `?q=${enc(q)}` : ''}`);
  }

  entry(id: string): Promise<EntryDetail> {
    return this.call('GET', `/api/admin/kb/entries/${enc(id)}`);
  }

  save(id: string, entry: KbEntry, expectedLatest: number, stamp: Lang[]): Promise<SaveResult> {
    return this.call('PUT', `/api/admin/kb/entries/${enc(id)}`, { entry, expectedLatest, stamp });
  }

  create(entry: KbEntry, stamp: Lang[], resolve: string[]): Promise<SaveResult> {
    return this.call('POST', '/api/admin/kb/entries', { entry, stamp, ...(resolve.length ? { resolve } : {}) });
  }

  remove(id: string, expectedLatest: number): Promise<{ revision: RevisionBrief }> {
    return this.call('POST', `/api/admin/kb/entries/${enc(id)}/remove`, { expectedLatest });
  }

  history(id: string): Promise<{ revisions: RevisionBrief[]; hasBaseline: boolean }> {
    return this.call('GET', `/api/admin/kb/entries/${enc(id)}/history`);
  }

  revision(rid: string): Promise<{ revision: RevisionBrief; entry: KbEntry | null; diffs: FieldDiff[] }> {
    return this.call('GET', `/api/admin/kb/revisions/${enc(rid)}`);
  }

  rollback(id: string, target: string): Promise<{ revision: RevisionBrief }> {
    return this.call('POST', `/api/admin/kb/entries/${enc(id)}/rollback`, { target });
  }

  preview(text: string): Promise<{ channels: PreviewChannel[] }> {
    return this.call('POST', '/api/admin/kb/preview', { text });
  }

  tryIt(text: string, lang: Lang | null): Promise<TryResult> {
    return this.call('POST', '/api/admin/kb/try', { text, ...(lang ? { lang } : {}) });
  }

  review(): Promise<{ since: string; lowConfidence: number; groups: ReviewGroup[] }> {
    return this.call('GET', '/api/admin/review');
  }

  addVariant(keys: string[], entry: string, lang: Lang, question: string): Promise<{ revision: { seq: number; summary: string } | null; now: { action: string; entry: string | null; score: number } }> {
    return this.call('POST', '/api/admin/review/variant', { keys, entry, lang, question });
  }

  dismiss(keys: string[]): Promise<{ ok: true }> {
    return this.call('POST', '/api/admin/review/dismiss', { keys });
  }

  insights(from: string, to: string): Promise<Insights> {
    return this.call('GET', `/api/admin/insights?from=${enc(from)}&to=${enc(to)}`);
  }

  csvUrl(from: string, to: string): string {
    return `/api/admin/insights.csv?from=${enc(from)}&to=${enc(to)}`;
  }
}
