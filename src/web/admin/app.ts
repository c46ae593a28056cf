import { AdminApi } from './api.js';
import { dashboardView } from './dashboard-view.js';
import { clear, h } from './dom.js';
import { entriesView } from './entries-view.js';
import { entryEditorView } from './entry-editor.js';
import { loginView } from './login-view.js';
import { reviewView } from './review-view.js';
import { STRINGS, UI_LANGS, type Strings, type UiLang } from './strings.js';
import { tryView } from './try-view.js';
import type { Ctx, NewDraft } from './context.js';
import type { Me } from './types.js';

const NAV = [
  ['#/entries', 'navEntries'],
  ['#/try', 'navTry'],
  ['#/review', 'navReview'],
  ['#/dashboard', 'navDashboard'],
] as const;

/** The editor pages: sign-in, then the knowledge base, "try it", the review list and the dashboard, by the URL's hash. */
export class AdminApp {
  private readonly api = new AdminApi();
  private me: Me | null = null;
  private dirty: (() => boolean) | null = null;
  private lastHash = '';
  private pendingNew: NewDraft | null = null;

  constructor(
    private readonly root: HTMLElement,
    private lang: UiLang,
    private readonly saveLang: (l: UiLang) => void,
  ) {
    this.api.onUnauthorized = () => {
      this.me = null;
      this.render(this.s.sessionEnded);
    };
    window.addEventListener('hashchange', () => this.onHash());
    window.addEventListener('beforeunload', (e) => {
      if (this.dirty?.()) e.preventDefault();
    });
  }

  private get s(): Strings {
    return STRINGS[this.lang];
  }

  async start(hasSession: boolean): Promise<void> {
    this.me = hasSession ? await this.api.me().catch(() => null) : null;
    this.render('');
  }

  private onHash(): void {
    if (location.hash === this.lastHash) return;
    if (this.dirty?.() && !window.confirm(this.s.leaveUnsaved)) {
      history.replaceState(null, '', this.lastHash || '#/entries');
      return;
    }
    this.render('');
  }

  private render(notice: string): void {
    document.documentElement.lang = this.lang;
    this.dirty = null;
    const s = this.s;
    if (!this.me) {
      clear(this.root, this.header(), loginView(s, this.api, notice, (me) => {
        this.me = me;
        this.render('');
      }));
      return;
    }
    if (this.me.role !== 'editor' && this.me.role !== 'admin') {
      clear(this.root, this.header(), h('main', { id: 'main', class: 'page' }, [h('h2', { text: s.noAccessTitle }), h('p', { text: s.noAccess }), h('p', {}, [h('a', { href: '/staff', text: s.toInbox })])]));
      return;
    }
    this.lastHash = location.hash || '#/entries';
    const [, route = 'entries', ...rest] = this.lastHash.replace(/^#/, '').split('/');
    const main = h('main', { id: 'main', class: 'page', tabindex: '-1' });
    clear(this.root, this.header(route), main);
    const ctx: Ctx = {
      s,
      lang: this.lang,
      api: this.api,
      me: this.me,
      go: (hash) => {
        location.hash = hash;
      },
      guard: (dirty) => {
        this.dirty = dirty;
      },
      pendingNew: this.pendingNew,
    };
    this.pendingNew = null;
    const id = decodeURIComponent(rest.join('/'));
    switch (route) {
      case 'entries':
        if (id) entryEditorView(ctx, main, id);
        else entriesView(ctx, main);
        break;
      case 'new':
        entryEditorView(ctx, main, null);
        break;
      case 'try':
        tryView(ctx, main);
        break;
      case 'review':
        reviewView(ctx, main, (draft) => {
          this.pendingNew = draft;
          location.hash = '#/new';
        });
        break;
      case 'dashboard':
        dashboardView(ctx, main);
        break;
      default:
        entriesView(ctx, main);
    }
    document.title = `${s.title} · ${s.brand}`;
  }

  private header(route?: string): HTMLElement {
    const s = this.s;
    const select = h('select', { id: 'ui-lang' }, UI_LANGS.map((l) => h('option', { value: l, lang: l, text: l === 'cs' ? 'Čeština' : 'English', selected: l === this.lang })));
    select.addEventListener('change', () => {
      const l = UI_LANGS.find((x) => x === select.value);
      if (!l || l === this.lang) return;
      if (this.dirty?.() && !window.confirm(s.leaveUnsaved)) {
        select.value = this.lang;
        return;
      }
      this.lang = l;
      this.saveLang(l);
      this.render('');
    });
    const top = h('div', { class: 'top-row' }, [
      h('h1', { class: 'brand' }, [h('span', { class: 'brand-name', text: s.brand }), h('span', { class: 'brand-title', text: s.title })]),
      this.me ? h('span', { class: 'me', text: this.me.name }) : null,
      h('span', { class: 'lang' }, [h('label', { for: 'ui-lang', class: 'vh', text: s.language }), select]),
    ]);
    if (this.me) {
      const out = h('button', { type: 'button', class: 'btn ghost', id: 'sign-out', text: s.signOut });
      out.addEventListener('click', () => {
        if (this.dirty?.() && !window.confirm(s.leaveUnsaved)) return;
        void this.api.logout().then(() => {
          this.me = null;
          this.render('');
        });
      });
      top.append(out);
    }
    const header = h('header', { class: 'top' }, [h('a', { href: '#main', class: 'skip', text: s.skip }), top]);
    if (this.me && route !== undefined) {
      const current = route === 'new' ? 'entries' : route;
      header.append(
        h('nav', { 'aria-label': s.navLabel, class: 'tabs' }, NAV.map(([href, key]) => h('a', { href, class: 'tab', text: s[key], 'aria-current': href === `#/${current}` ? 'page' : undefined }))),
      );
    }
    return header;
  }
}
