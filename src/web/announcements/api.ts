import type { Announcement, AnnouncementView, Draft, Me, Preview, Topic } from './types.js';

/** An answer other than 2xx: the status and the server's stable code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The staff API from the page. The session lives in an httpOnly cookie the page never sees; the
 * CSRF token (from login or /me) goes back in a header on every change.
 */
export class Api {
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
      if (res.status === 401 && path !== '/api/staff/session') this.onUnauthorized();
      throw new ApiError(res.status, typeof data.code === 'string' ? data.code : 'HTTP', typeof data.message === 'string' ? data.message : res.statusText);
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
  }

  list(): Promise<{ announcements: AnnouncementView[]; runner: string }> {
    return this.call('GET', '/api/staff/announcements');
  }

  topics(): Promise<{ topics: Topic[]; channels: string[] }> {
    return this.call('GET', '/api/staff/announcements/topics');
  }

  view(id: string): Promise<AnnouncementView> {
    return this.call('GET', `/api/staff/announcements/${encodeURIComponent(id)}`);
  }

  async preview(draft: Pick<Draft, 'texts' | 'topics'>): Promise<Preview> {
    return (await this.call<{ preview: Preview }>('POST', '/api/staff/announcements/preview', draft)).preview;
  }

  async create(draft: Draft): Promise<Announcement> {
    return (await this.call<{ announcement: Announcement }>('POST', '/api/staff/announcements', draft)).announcement;
  }

  async update(id: string, draft: Draft): Promise<Announcement> {
    return (await this.call<{ announcement: Announcement }>('PUT', `/api/staff/announcements/${encodeURIComponent(id)}`, draft)).announcement;
  }

  async act(id: string, action: 'send' | 'unschedule' | 'cancel'): Promise<Announcement> {
    return (await this.call<{ announcement: Announcement }>('POST', `/api/staff/announcements/${encodeURIComponent(id)}/${action}`)).announcement;
  }

  async schedule(id: string, at: Date): Promise<Announcement> {
    return (await this.call<{ announcement: Announcement }>('POST', `/api/staff/announcements/${encodeURIComponent(id)}/schedule`, { at: at.toISOString() })).announcement;
  }
}
