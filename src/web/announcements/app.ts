import { Api } from './api.js';
import { detailView } from './detail-view.js';
import { h, setChildren } from './dom.js';
import { editorView } from './editor-view.js';
import { loginView } from './login-view.js';
import { STRINGS, UI_LANGS, type Strings, type UiLang } from './strings.js';
import type { AnnouncementView, Me, Topic } from './types.js';

const POLL_MS = 2000;

/**
 * The announcements page: a list on the side (or on top on a phone) and the selected
 * announcement: the editor while it is a draft or scheduled, its progress once it is sending.
 */
export class AnnouncementsApp {
  private readonly api = new Api();
  private s: Strings;
  private me: Me | null = null;
  private topics: Topic[] = [];
  private views: AnnouncementView[] = [];
  private selected: string | null = null;
  private readonly listEl = h('ul', { class: 'ann-list' });
  private readonly paneEl = h('div', { class: 'pane-host' });
  private poll: number | null = null;
  /** Counts selections: an answer for an older one is dropped. */
  private selections = 0;
  private live: { id: string; update(v: AnnouncementView): void } | null = null;

  constructor(
    private readonly root: HTMLElement,
    private lang: UiLang,
    private readonly saveLang: (l: UiLang) => void,
  ) {
    this.s = STRINGS[lang];
    this.api.onUnauthorized = () => this.showLogin(this.s.sessionEnded);
  }

  async start(hasSession = true): Promise<void> {
    document.documentElement.lang = this.lang;
    if (!hasSession && !this.me) return this.showLogin('');
    try {
      this.me = await this.api.me();
    } catch {
      this.showLogin(this.s.networkError);
      return;
    }
    if (!this.me) return this.showLogin('');
    await this.showMain();
  }

  private formatTime = (iso: string): string => new Intl.DateTimeFormat(this.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  private header(): HTMLElement {
    const select = h('select', { id: 'ui-lang', 'aria-label': this.s.uiLanguage }, UI_LANGS.map((l) => h('option', { value: l, text: l.toUpperCase(), selected: l === this.lang })));
    select.addEventListener('change', () => {
      this.lang = select.value === 'cs' ? 'cs' : 'en';
      this.s = STRINGS[this.lang];
      this.saveLang(this.lang);
      document.documentElement.lang = this.lang;
      if (this.me) void this.showMain();
      else this.showLogin('');
    });
    const out = this.me ? h('button', { type: 'button', class: 'link-btn', text: this.s.signOut }) : null;
    out?.addEventListener('click', () => void this.api.logout().then(() => this.showLogin('')));
    return h('header', { class: 'bar' }, [
      h('h1', { text: this.s.title }),
      h('nav', { 'aria-label': this.s.title }, [h('a', { href: '/admin', text: this.s.knowledgeBase })]),
      h('span', { class: 'spacer' }),
      select,
      this.me ? h('span', { class: 'who', text: this.me.name }) : null,
      out,
    ]);
  }

  private showLogin(notice: string): void {
    this.stopPolling();
    this.me = null;
    setChildren(this.root, [this.header(), loginView(this.s, this.api, notice, (me) => void ((this.me = me), this.showMain()))]);
  }

  private async showMain(): Promise<void> {
    if (this.me?.role !== 'editor' && this.me?.role !== 'admin') {
      setChildren(this.root, [this.header(), h('main', { id: 'main', class: 'login' }, [h('p', { class: 'error', role: 'alert', text: this.s.noAccess })])]);
      return;
    }
    const add = h('button', { type: 'button', class: 'btn primary', text: this.s.newAnnouncement });
    add.addEventListener('click', () => this.select(null));
    setChildren(this.root, [
      this.header(),
      h('main', { id: 'main', class: 'layout' }, [h('nav', { class: 'side', 'aria-label': this.s.list }, [add, this.listEl]), this.paneEl]),
    ]);
    const [topics] = await Promise.all([this.api.topics(), this.refreshList()]);
    this.topics = topics.topics;
    await this.select(this.selected);
  }

  private async refreshList(): Promise<void> {
    this.views = (await this.api.list()).announcements;
    setChildren(
      this.listEl,
      this.views.length === 0
        ? [h('li', { class: 'muted', text: this.s.empty })]
        : this.views.map((v) => {
            const a = v.announcement;
            const b = h('button', { type: 'button', class: 'item', 'aria-current': a.id === this.selected ? 'true' : undefined }, [
              h('span', { class: 'item-name', text: a.name }),
              h('span', { class: 'item-meta' }, [
                h('span', { class: `badge ${a.status}`, text: this.s.status[a.status] ?? a.status }),
                a.status === 'draft' || a.status === 'scheduled' ? '' : ` ${v.progress.done}/${v.progress.total}`,
                ` · ${this.formatTime(a.scheduledAt ?? a.createdAt)}`,
              ]),
            ]);
            b.addEventListener('click', () => void this.select(a.id));
            return h('li', {}, [b]);
          }),
    );
  }

  private async select(id: string | null): Promise<void> {
    this.stopPolling();
    this.selected = id;
    const turn = ++this.selections;
    // A new announcement draws at once (no await first), so that typing never lands in a form about to be replaced.
    const view = id ? await this.api.view(id) : null;
    if (turn !== this.selections) return;
    void this.refreshList().catch(() => undefined);
    const status = view?.announcement.status;
    const hooks = { changed: (changed: string) => void this.select(changed), formatTime: this.formatTime };
    if (!view || status === 'draft' || status === 'scheduled') {
      setChildren(this.paneEl, [editorView(this.s, this.api, this.topics, this.lang, view, hooks)]);
    } else {
      const d = detailView(this.s, view, {
        cancel: async () => {
          await this.api.act(view.announcement.id, 'cancel');
          await this.select(view.announcement.id);
        },
        formatTime: this.formatTime,
        topicLabel: (topic) => this.topics.find((t) => t.id === topic)?.labels[this.lang] ?? topic,
      });
      this.live = { id: view.announcement.id, update: d.update };
      setChildren(this.paneEl, [d.el]);
    }
    if (status === 'scheduled' || status === 'sending') this.poll = window.setTimeout(() => void this.tick(), POLL_MS);
  }

  /** While scheduled or sending: progress refreshes in place; a change of status redraws the pane. */
  private async tick(): Promise<void> {
    const id = this.selected;
    if (!id) return;
    try {
      const v = await this.api.view(id);
      const before = this.views.find((x) => x.announcement.id === id)?.announcement.status;
      if (v.announcement.status !== before) return void (await this.select(id));
      this.live?.update(v);
      await this.refreshList();
    } catch {
      // A missed poll is retried at the next one.
    }
    if (this.selected === id) this.poll = window.setTimeout(() => void this.tick(), POLL_MS);
  }

  private stopPolling(): void {
    if (this.poll !== null) window.clearTimeout(this.poll);
    this.poll = null;
    this.live = null;
  }
}
