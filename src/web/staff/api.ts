import type { Status } from '../../core/conversation.js';
import type { Lang } from '../../core/language.js';
import type { Colleague, ConversationDetail, ConversationSummary, KbResult, Me, Message } from './types.js';

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
 * CSRF token given at login (or by /me) goes back in a header on every state change.
 */
export class StaffApi {
  private csrf = '';
  /** Called once a request comes back 401: the session ended (expired, signed out elsewhere). */
  onUnauthorized: () => void = () => undefined;

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<T> {
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
      const err = new ApiError(res.status, typeof data.code === 'string' ? data.code : 'HTTP', typeof data.message === 'string' ? data.message : res.statusText);
      // A wrong password (login) is not a lost session, and me() reports its own answer.
      if (res.status === 401 && path !== '/api/staff/session' && path !== '/api/staff/me') this.onUnauthorized();
      throw err;
    }
    return data as T;
  }

  async login(email: string, password: string): Promise<Me> {
    const r = await this.call<{ staff: Me; csrf: string }>('POST', '/api/staff/session', { email, password });
    this.csrf = r.csrf;
    return r.staff;
  }

  /** Who is signed in, or null; also picks up the CSRF token after a reload. */
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

  async list(status: Status): Promise<ConversationSummary[]> {
    return (await this.call<{ conversations: ConversationSummary[] }>('GET', `/api/staff/conversations?status=${status}`)).conversations;
  }

  async view(id: string): Promise<ConversationDetail> {
    return this.call<ConversationDetail>('GET', `/api/staff/conversations/${encodeURIComponent(id)}`);
  }

  async claim(id: string): Promise<ConversationSummary> {
    return (await this.call<{ conversation: ConversationSummary }>('POST', `/api/staff/conversations/${encodeURIComponent(id)}/claim`)).conversation;
  }

  async transfer(id: string, to: { team?: string; staffId?: string }): Promise<ConversationSummary> {
    return (await this.call<{ conversation: ConversationSummary }>('POST', `/api/staff/conversations/${encodeURIComponent(id)}/transfer`, to)).conversation;
  }

  async close(id: string): Promise<ConversationSummary> {
    return (await this.call<{ conversation: ConversationSummary }>('POST', `/api/staff/conversations/${encodeURIComponent(id)}/close`)).conversation;
  }

  async reply(id: string, text: string): Promise<Message> {
    return (await this.call<{ message: Message }>('POST', `/api/staff/conversations/${encodeURIComponent(id)}/messages`, { text })).message;
  }

  async note(id: string, text: string): Promise<Message> {
    return (await this.call<{ message: Message }>('POST', `/api/staff/conversations/${encodeURIComponent(id)}/notes`, { text })).message;
  }

  async colleagues(): Promise<{ staff: Colleague[]; teams: string[] }> {
    return this.call<{ staff: Colleague[]; teams: string[] }>('GET', '/api/staff/colleagues');
  }

  async kb(q: string, lang: Lang): Promise<KbResult[]> {
    return (await this.call<{ results: KbResult[] }>('GET', `/api/staff/kb?q=${encodeURIComponent(q)}&lang=${lang}`)).results;
  }
}
