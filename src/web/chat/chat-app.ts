import { isLang, langFromTag, type Lang } from '../../core/language.js';
import type { ChoiceOption } from '../../core/message.js';
import {
  dirOf,
  fill,
  type ClientEvent,
  type FeedbackValue,
  type History,
  type NoticeCode,
  type PageConfig,
  type ServerEvent,
  type TranscriptItem,
  type UiStrings,
} from '../../../adapters/webchat/protocol.js';
import type { Elements } from './elements.js';
import { renderMarkdown } from './markdown.js';
import { wireComposer } from './composer.js';
import { ChatSocket } from './socket.js';
import { StatusLine } from './status.js';
import { newId, saveLang, savedLang } from './storage.js';
import { applyStrings, feedbackView, messageView, phrase, quickReplies, type Role } from './view.js';

interface Entry {
  /** The stored message's id; null until the server names it (live bubbles learn it after the turn). */
  id: string | null;
  role: Role;
  text: string;
  root: HTMLElement;
  feedback: ReturnType<typeof feedbackView> | null;
}

interface Outgoing {
  event: ClientEvent;
  sent: boolean;
  entry: Entry;
}

const ROLES: readonly string[] = ['user', 'bot', 'staff', 'system'];
const isRole = (r: string): r is Role => ROLES.includes(r);
/** A language picked with the arrow keys fires "change" per step; tell the bot once it settles. */
const LANG_SETTLE_MS = 900;

/** The service stores text with its whitespace tidied; compare the way it does. */
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

function browserLang(): Lang | null {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const l = langFromTag(tag);
    if (l) return l;
  }
  return null;
}

/** The conversation on the page: what is shown, what waits to be sent, and the socket. */
export class ChatApp {
  private lang: Lang;
  private langChosen: boolean;
  private readonly entries: Entry[] = [];
  private readonly outbox: Outgoing[] = [];
  private readonly socket: ChatSocket;
  private readonly welcome: { root: HTMLElement; bubble: HTMLElement };
  private welcomeOptions: HTMLElement | null = null;
  private readonly status: StatusLine;
  private langTimer: number | undefined;

  constructor(
    private readonly cfg: PageConfig,
    private readonly el: Elements,
    private readonly visitor: string,
  ) {
    const stored = savedLang();
    const chosen = cfg.langFromUrl ? cfg.lang : isLang(stored) ? stored : null;
    this.langChosen = chosen !== null;
    this.lang = chosen ?? browserLang() ?? cfg.lang;
    if (cfg.langFromUrl) saveLang(cfg.lang);
    this.welcome = messageView('bot', cfg.welcome[this.lang].text, this.lang, this.s);
    this.welcome.root.classList.add('welcome');
    this.status = new StatusLine(el, this.s);
    const url = new URL(`/api/webchat/socket?visitor=${encodeURIComponent(visitor)}`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.socket = new ChatSocket(url.href, { event: (e) => this.onEvent(e), down: () => this.onDown() });
  }

  private get s(): UiStrings {
    return this.cfg.strings[this.lang];
  }

  start(): void {
    this.el.log.append(this.welcome.root);
    this.setLang(this.lang);
    wireComposer(this.el, {
      maxLength: this.cfg.maxLength,
      send: (text) => {
        this.showError('');
        this.enqueue({ type: 'message', id: newId(), text, lang: this.lang }, this.append('user', text, null));
      },
      tooLong: (count) => this.showError(count === null ? '' : fill(this.s.tooLong, { count, max: this.cfg.maxLength })),
    });
    this.el.lang.addEventListener('change', () => {
      if (isLang(this.el.lang.value)) this.chooseLang(this.el.lang.value);
    });
    // The history is read once the socket is subscribed ("ready"), so that nothing falls between the two.
    this.socket.open();
  }

  focusInput(): void {
    this.el.input.focus();
  }

  private pick(option: ChoiceOption, focus = true): void {
    this.enqueue({ type: 'postback', id: newId(), value: option.value, lang: this.lang }, this.append('user', option.label, null));
    if (focus) this.el.input.focus();
  }

  private enqueue(event: ClientEvent, entry: Entry): void {
    this.removeQuickReplies();
    entry.root.classList.add('pending');
    this.outbox.push({ event, sent: false, entry });
    this.flush(false);
    this.scroll(true);
  }

  /** Sends what waits; after a reconnect everything unconfirmed again (the server drops repeats by id). */
  private flush(resend: boolean): void {
    for (const o of this.outbox) {
      if (o.sent && !resend) continue;
      if (!this.socket.send(o.event)) return;
      o.sent = true;
    }
  }

  private onEvent(e: ServerEvent): void {
    switch (e.type) {
      case 'ready':
        this.status.connected();
        this.flush(true);
        void this.loadHistory();
        return;
      case 'message': {
        if (e.content.type === 'postback') return;
        this.status.stopped(e.from);
        const following = this.nearEnd();
        const entry = this.append(e.from, e.content.text, e.lang);
        if (e.content.type === 'choice') entry.root.append(quickReplies(e.content.options, this.s, (o) => this.pick(o)));
        if (following) this.reveal(entry.root);
        return;
      }
      case 'typing':
        return e.on ? this.status.typing(e.from) : this.status.stopped(e.from);
      case 'saved':
        return this.reconcile(e.messages, false);
      case 'forgotten':
        return this.forgotten();
      case 'ack':
        return this.settle(e.id);
      case 'notice':
        return this.notice(e.code, e.id);
      case 'feedback':
        this.entries.find((x) => x.id === e.message)?.feedback?.set(e.value);
        return;
    }
  }

  private onDown(): void {
    for (const o of this.outbox) o.sent = false;
    this.status.disconnected();
  }

  private async loadHistory(): Promise<void> {
    let history: History;
    try {
      const res = await fetch(`/api/webchat/history?visitor=${encodeURIComponent(this.visitor)}`, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (!res.ok) return;
      history = (await res.json()) as History;
    } catch {
      return;
    }
    if (!this.langChosen && history.lang && history.lang !== this.lang) this.setLang(history.lang);
    this.reconcile(history.messages, true);
    const last = this.entries[this.entries.length - 1];
    if (this.entries.length === 0) this.showWelcomeOptions();
    else {
      this.welcomeOptions?.remove();
      this.welcomeOptions = null;
      if (history.choices && last?.role === 'bot' && this.outbox.length === 0 && !last.root.querySelector('.quick')) {
        last.root.append(quickReplies(history.choices, this.s, (o) => this.pick(o)));
      }
    }
    this.scroll(true);
  }

  /** Names live bubbles with their stored ids, and (from the history) adds what this page missed. */
  private reconcile(items: TranscriptItem[], addMissing: boolean): void {
    for (const item of items) {
      if (!isRole(item.role)) continue;
      const role = item.role;
      let entry = this.entries.find((x) => x.id === item.id);
      if (!entry) {
        const text = squash(item.text);
        entry = this.entries.find((x) => x.id === null && x.role === role && squash(x.text) === text);
        if (entry) entry.id = item.id;
        else if (addMissing) entry = this.append(role, item.text, item.lang, item.id);
        else continue;
      }
      if (item.answer && !entry.feedback) {
        const target = entry;
        target.feedback = feedbackView(this.s, item.feedback, (v) => this.rate(target, v));
        target.root.append(target.feedback.root);
      } else entry.feedback?.set(item.feedback);
    }
  }

  private append(role: Role, text: string, lang: string | null, id: string | null = null): Entry {
    const view = messageView(role, text, lang, this.s);
    const entry: Entry = { id, role, text, root: view.root, feedback: null };
    this.entries.push(entry);
    this.el.log.append(view.root);
    return entry;
  }

  private settle(id: string): void {
    const i = this.outbox.findIndex((o) => o.event.id === id);
    if (i < 0) return;
    const [done] = this.outbox.splice(i, 1);
    done?.entry.root.classList.remove('pending');
  }

  private notice(code: NoticeCode, id: string | undefined): void {
    const i = id === undefined ? -1 : this.outbox.findIndex((o) => o.event.id === id);
    const failed = i >= 0 ? this.outbox.splice(i, 1)[0] : undefined;
    if (failed) {
      failed.entry.root.classList.remove('pending');
      failed.entry.root.classList.add('failed');
      failed.entry.root.append(phrase('span', 'notSent', this.s, 'state'));
    }
    if (code === 'rate-limited') this.showError(this.s.rateLimited);
    else if (code === 'too-long') this.showError(fill(this.s.tooLong, { count: Array.from(failed?.entry.text ?? '').length, max: this.cfg.maxLength }));
    else this.showError(this.s.notSent);
  }

  private rate(entry: Entry, value: FeedbackValue): void {
    if (!entry.id) return;
    entry.feedback?.set(value);
    const body = JSON.stringify({ visitor: this.visitor, message: entry.id, value });
    void fetch('/api/webchat/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      .then((res) => {
        if (!res.ok) throw new Error(String(res.status));
      })
      .catch(() => {
        entry.feedback?.set(null);
        this.showError(this.s.notSent);
      });
  }

  /** After "forget me" nothing of the old conversation stays on screen but the confirmation. */
  private forgotten(): void {
    const keep = [...this.entries].reverse().find((x) => x.role === 'bot');
    for (const x of this.entries) if (x !== keep) x.root.remove();
    this.entries.length = 0;
    if (keep) this.entries.push(keep);
  }

  private removeQuickReplies(): void {
    this.el.log.querySelectorAll('.quick').forEach((q) => q.remove());
    this.welcomeOptions = null;
  }

  private showWelcomeOptions(): void {
    this.welcomeOptions?.remove();
    const options = this.cfg.welcome[this.lang].options;
    this.welcomeOptions = options.length > 0 ? quickReplies(options, this.s, (o) => this.pick(o)) : null;
    if (this.welcomeOptions) this.welcome.root.append(this.welcomeOptions);
  }

  private chooseLang(lang: Lang): void {
    this.langChosen = true;
    saveLang(lang);
    this.setLang(lang);
    // An existing conversation is told, so the bot answers in the new language from now on.
    window.clearTimeout(this.langTimer);
    if (this.entries.length === 0) return;
    this.langTimer = window.setTimeout(() => {
      const name = this.cfg.languages.find((l) => l.code === lang)?.name ?? lang;
      this.pick({ label: name, value: `lang:${lang}` }, false);
    }, LANG_SETTLE_MS);
  }

  private setLang(lang: Lang): void {
    this.lang = lang;
    const root = document.documentElement;
    root.lang = lang;
    root.dir = dirOf(lang);
    document.title = this.s.title;
    this.el.lang.value = lang;
    applyStrings(document, this.s);
    this.status.relabel(this.s);
    this.welcome.bubble.replaceChildren(renderMarkdown(this.cfg.welcome[lang].text));
    this.welcome.bubble.lang = lang;
    if (this.welcomeOptions) this.showWelcomeOptions();
  }

  private showError(text: string): void {
    this.el.error.textContent = text;
  }

  private nearEnd(): boolean {
    const log = this.el.log;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 120;
  }

  private scroll(force: boolean): void {
    if (force || this.nearEnd()) this.el.log.scrollTop = this.el.log.scrollHeight;
  }

  /** A long answer is shown from its first line, a short one with everything above it. */
  private reveal(el: HTMLElement): void {
    const log = this.el.log;
    const offset = el.getBoundingClientRect().top - log.getBoundingClientRect().top;
    log.scrollTop = el.offsetHeight > log.clientHeight - 16 ? log.scrollTop + offset - 8 : log.scrollHeight;
  }
}
