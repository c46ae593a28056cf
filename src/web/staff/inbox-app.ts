import { ApiError, StaffApi } from './api.js';
import { ConversationView } from './conversation-view.js';
import { h } from './dom.js';
import { describe } from './format.js';
import { headerView } from './header.js';
import { LiveEvents, type ConversationEvent } from './live.js';
import { loginView } from './login-view.js';
import { Notifier } from './notifier.js';
import { queueView, type QueueData, type Tab } from './queue-view.js';
import { fill, STRINGS, type Strings, type UiLang } from './strings.js';
import type { Directory } from './transfer-panel.js';
import type { ConversationDetail, Me } from './types.js';

/** Waiting times in the queue move on by themselves this often. */
const TICK_MS = 30_000;
/** Several changes in a burst (a turn, then a claim) cost one re-read. */
const REFRESH_DELAY_MS = 120;

function openIdFromHash(): string | null {
  const m = /^#\/c\/(.+)$/.exec(location.hash);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/**
 * The staff inbox page: sign-in, the queue and one open conversation, kept current by the
 * server's event stream. The address (#/c/<id>) says which conversation is open, so that the
 * phone's back button returns to the queue.
 */
export class InboxApp {
  private s: Strings;
  private me: Me | null = null;
  private directory: Directory = { staff: [], teams: [] };
  private queue: QueueData = { waiting: [], mine: [], readAt: Date.now() };
  private tab: Tab = 'waiting';
  /** Waiting conversations already seen; null until the first read, so that a page load announces nothing. */
  private known: Set<string> | null = null;
  private view: ConversationView | null = null;
  /** What the open conversation showed last, to redraw it in another language. */
  private lastDetail: ConversationDetail | null = null;
  private openId: string | null = null;
  private refreshTimer: number | undefined;
  private pendingOpen = false;
  private tick: number | undefined;
  private liveUp: boolean | null = null;
  private readonly api = new StaffApi();
  private readonly notifier = new Notifier();
  private readonly live: LiveEvents;
  private readonly queueSlot = h('div', { class: 'queue-slot' });
  private readonly convSlot = h('main', { id: 'main', class: 'conv-slot', tabindex: '-1' });

  constructor(
    private readonly root: HTMLElement,
    private lang: UiLang,
    private readonly saveLang: (l: UiLang) => void,
  ) {
    this.s = STRINGS[lang];
    this.live = new LiveEvents({
      change: (e) => this.onChange(e),
      up: () => {
        this.setLive(true);
        this.scheduleRefresh(true);
      },
      down: () => this.setLive(false),
      refused: () => void this.checkSession(),
    });
    this.api.onUnauthorized = () => this.signedOut(this.s.sessionEnded);
    window.addEventListener('hashchange', () => void this.route());
  }

  /** `signedIn`: the server saw a valid session cookie (the script cannot read it: it is httpOnly). */
  async start(signedIn: boolean): Promise<void> {
    if (!signedIn) return this.showLogin('');
    try {
      const me = await this.api.me();
      // The cookie came but the server no longer knows it: the session expired.
      if (me) await this.enter(me);
      else this.showLogin(this.s.sessionEnded);
    } catch {
      this.showLogin(this.s.networkError);
    }
  }

  private header(): HTMLElement {
    return headerView(this.s, this.lang, this.me, this.me ? this.liveUp : null, {
      lang: (l) => this.setLang(l),
      signOut: () => void this.api.logout().then(() => this.signedOut('')),
    });
  }

  private showLogin(notice: string): void {
    document.title = this.s.title;
    this.root.replaceChildren(this.header(), loginView(this.s, this.api, notice, (me) => void this.enter(me)), this.notifier.region);
  }

  private async enter(me: Me): Promise<void> {
    this.me = me;
    if (me.role !== 'staff' && me.role !== 'admin') {
      this.root.replaceChildren(this.header(), h('main', { id: 'main', class: 'login' }, [h('p', { class: 'error', role: 'alert', text: this.s.noAccess })]));
      return;
    }
    this.directory = await this.api.colleagues().catch(() => this.directory);
    this.renderShell();
    this.live.open();
    await this.refresh();
    await this.route();
    window.clearInterval(this.tick);
    this.tick = window.setInterval(() => this.renderQueue(), TICK_MS);
  }

  private signedOut(notice: string): void {
    this.live.close();
    window.clearInterval(this.tick);
    this.me = null;
    this.view = null;
    this.known = null;
    this.liveUp = null;
    this.notifier.showCount(0);
    this.showLogin(notice);
  }

  private async checkSession(): Promise<void> {
    const me = await this.api.me().catch(() => this.me);
    if (!me) return this.signedOut(this.s.sessionEnded);
    this.setLive(false);
    window.setTimeout(() => this.me && this.live.open(), 3000);
  }

  private renderShell(): void {
    this.notifier.setTitle(this.s.title);
    document.documentElement.lang = this.lang;
    this.root.replaceChildren(this.header(), h('div', { class: 'inbox', id: 'inbox' }, [this.queueSlot, this.convSlot]), this.notifier.region);
    this.renderQueue();
    this.renderConversation();
  }

  private setLang(l: UiLang): void {
    this.lang = l;
    this.s = STRINGS[l];
    this.saveLang(l);
    document.documentElement.lang = l;
    if (!this.me) return this.showLogin('');
    const draft = this.view?.draft ?? '';
    const detail = this.lastDetail;
    this.view = null;
    this.renderShell();
    const view = detail ? this.showDetail(detail, false) : null;
    if (view) view.draft = draft;
    document.getElementById('ui-lang')?.focus();
  }

  private setLive(up: boolean): void {
    this.liveUp = up;
    const el = document.getElementById('live-state');
    if (!el) return;
    el.className = `live ${up ? 'up' : 'down'}`;
    const text = el.querySelector('.live-text');
    if (text) text.textContent = up ? this.s.live : this.s.reconnecting;
  }

  private onChange(e: ConversationEvent): void {
    this.scheduleRefresh(e.id === this.openId);
  }

  private scheduleRefresh(conversationToo: boolean): void {
    this.pendingOpen ||= conversationToo;
    window.clearTimeout(this.refreshTimer);
    this.refreshTimer = window.setTimeout(() => {
      const open = this.pendingOpen;
      this.pendingOpen = false;
      void this.refresh();
      if (open && this.openId) void this.load(this.openId);
    }, REFRESH_DELAY_MS);
  }

  /** Re-reads both lists; conversations newly waiting are announced. */
  private async refresh(): Promise<void> {
    const me = this.me;
    if (!me) return;
    let waiting, assigned;
    try {
      [waiting, assigned] = await Promise.all([this.api.list('waiting'), this.api.list('assigned')]);
    } catch {
      return;
    }
    this.queue = { waiting, mine: assigned.filter((c) => c.assignee === me.id), readAt: Date.now() };
    if (this.known) {
      const fresh = waiting.filter((c) => !this.known?.has(c.id));
      for (const c of fresh) this.notifier.announce(fill(this.s.newConversation, { details: describe(this.s, c) }));
    }
    this.known = new Set(waiting.map((c) => c.id));
    this.notifier.showCount(waiting.length);
    this.renderQueue();
  }

  /** Redraws the queue, keeping the keyboard focus on the same conversation or tab. */
  private renderQueue(): void {
    if (!this.me) return;
    const active = document.activeElement;
    const inQueue = active instanceof HTMLElement && this.queueSlot.contains(active);
    const focusId = inQueue ? active.closest<HTMLElement>('[data-id]')?.dataset.id : undefined;
    const focusTab = inQueue ? active.dataset.tab : undefined;
    this.queueSlot.replaceChildren(
      queueView(this.s, this.lang, this.queue, this.tab, this.openId, (t) => {
        this.tab = t;
        this.renderQueue();
      }),
    );
    if (focusTab) this.queueSlot.querySelector<HTMLElement>(`[data-tab="${focusTab}"]`)?.focus();
    else if (focusId) this.queueSlot.querySelector<HTMLElement>(`[data-id="${CSS.escape(focusId)}"] a`)?.focus();
  }

  private async route(): Promise<void> {
    const id = openIdFromHash();
    const previous = this.openId;
    this.openId = id;
    document.getElementById('inbox')?.classList.toggle('has-open', id !== null);
    if (!id) {
      this.renderQueue();
      this.view = null;
      this.lastDetail = null;
      this.renderConversation();
      // Back from a conversation (the phone's back button): the keyboard continues where it left the queue.
      if (previous) (this.queueSlot.querySelector<HTMLElement>(`[data-id="${CSS.escape(previous)}"] a`) ?? this.queueSlot.querySelector<HTMLElement>('.tab'))?.focus();
      return;
    }
    // Opened from an address or a notification: show the tab it is in.
    if (this.queue.mine.some((c) => c.id === id)) this.tab = 'mine';
    else if (this.queue.waiting.some((c) => c.id === id)) this.tab = 'waiting';
    this.renderQueue();
    await this.load(id, true);
  }

  private async load(id: string, focus = false): Promise<void> {
    try {
      const detail = await this.api.view(id);
      if (this.openId !== id) return;
      this.showDetail(detail, focus);
    } catch (e) {
      if (this.openId !== id) return;
      const text = e instanceof ApiError && e.status === 404 ? this.s.notFound : e instanceof ApiError && e.status === 403 ? this.s.noAccess : this.s.networkError;
      this.view = null;
      this.convSlot.replaceChildren(h('a', { class: 'back', href: '#/', text: `← ${this.s.back}` }), h('p', { class: 'error', role: 'alert', text }));
    }
  }

  private showDetail(detail: ConversationDetail, focus: boolean): ConversationView | null {
    const me = this.me;
    if (!me) return null;
    this.lastDetail = detail;
    if (this.view && this.view.id === detail.conversation.id) {
      this.view.update(detail);
      return this.view;
    }
    const id = detail.conversation.id;
    const reload = async (): Promise<void> => {
      await this.load(id);
      await this.refresh();
    };
    this.view = new ConversationView(this.s, this.lang, me, this.api, this.directory, detail, {
      claim: async () => {
        await this.api.claim(id);
        // It is now in "mine": show it there, marked as the open one.
        this.tab = 'mine';
        await reload();
      },
      transfer: async (to) => {
        await this.api.transfer(id, to);
        await reload();
      },
      close: async () => {
        await this.api.close(id);
        await reload();
      },
      send: async (mode, text) => {
        if (mode === 'note') await this.api.note(id, text);
        else await this.api.reply(id, text);
        await this.load(id);
      },
    });
    this.convSlot.replaceChildren(this.view.root);
    if (focus) this.view.focusHeading();
    return this.view;
  }

  private renderConversation(): void {
    if (this.view) {
      this.convSlot.replaceChildren(this.view.root);
      return;
    }
    this.convSlot.replaceChildren(h('p', { class: 'placeholder', text: this.s.selectConversation }));
  }
}
