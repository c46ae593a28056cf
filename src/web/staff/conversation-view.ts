import type { StaffApi } from './api.js';
import { Composer, type ComposerState, type Mode } from './composer.js';
import { h, setChildren } from './dom.js';
import { describe, langName, waitingLabel } from './format.js';
import { kbPanel } from './kb-panel.js';
import { fill, lookup, type Strings, type UiLang } from './strings.js';
import { intakeView, TranscriptList } from './transcript.js';
import { TransferPanel, type Directory } from './transfer-panel.js';
import type { ConversationDetail, ConversationSummary, Me } from './types.js';

export interface ConversationActions {
  claim(): Promise<void>;
  transfer(to: { team?: string; staffId?: string }): Promise<void>;
  close(): Promise<void>;
  send(mode: Mode, text: string): Promise<void>;
}

/**
 * One conversation: who and where (channel, language, team, status), the intake, the whole
 * transcript, the actions that fit its state, and the reply box. A refresh updates it in place,
 * so that a half-written reply and the scroll position survive live updates.
 */
export class ConversationView {
  readonly root: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly meta: HTMLParagraphElement;
  private readonly actions: HTMLDivElement;
  private readonly error: HTMLParagraphElement;
  private readonly intakeSlot: HTMLDivElement;
  private intakeOpen: boolean;
  private readonly alert: HTMLParagraphElement;
  private readonly body: HTMLDivElement;
  private readonly transcript: TranscriptList;
  private readonly composer: Composer;
  private readonly transfer: TransferPanel;
  private detail: ConversationDetail;
  private readAt = Date.now();

  constructor(
    private readonly s: Strings,
    private readonly lang: UiLang,
    private readonly me: Me,
    api: StaffApi,
    directory: Directory,
    detail: ConversationDetail,
    private readonly act: ConversationActions,
  ) {
    this.detail = detail;
    const c = detail.conversation;
    this.heading = h('h2', { id: 'conv-title', tabindex: '-1' });
    this.meta = h('p', { class: 'conv-meta' });
    this.actions = h('div', { class: 'conv-actions' });
    this.error = h('p', { class: 'error', role: 'alert' });
    this.transfer = new TransferPanel(s, directory, me, (to) => this.run(() => act.transfer(to)));
    this.intakeSlot = h('div', { class: 'intake-slot' });
    // Open where there is room for it next to the transcript; on a phone its first line shows the question.
    this.intakeOpen = window.matchMedia('(min-width: 800px) and (min-height: 700px)').matches;
    this.alert = h('p', { class: 'unreachable', hidden: true });
    this.transcript = new TranscriptList(s, lang);
    this.body = h('div', { class: 'conv-body', tabindex: '0', 'aria-label': s.transcript }, [this.alert, this.transcript.root]);
    this.composer = new Composer(s, this.composerState(c), (mode, text) => act.send(mode, text));
    const kb = kbPanel(s, api, { lang: c.lang ?? 'cs', query: c.intake?.summary ?? '', insert: (text) => this.composer.insert(text) });
    this.root = h('section', { class: 'conv', id: 'conversation', 'aria-labelledby': 'conv-title', 'data-id': c.id }, [
      h('header', { class: 'conv-head' }, [
        h('div', { class: 'conv-id' }, [h('a', { class: 'back', href: '#/', text: `← ${s.back}` }), this.heading, this.meta]),
        this.actions,
        this.transfer.root,
        this.error,
      ]),
      this.intakeSlot,
      this.body,
      h('div', { class: 'conv-foot' }, [kb, this.composer.root]),
    ]);
    this.render(true);
  }

  get id(): string {
    return this.detail.conversation.id;
  }

  /** The text being written, kept across a change of the inbox's language. */
  get draft(): string {
    return this.composer.field.value;
  }

  set draft(v: string) {
    this.composer.field.value = v;
  }

  update(detail: ConversationDetail): void {
    this.detail = detail;
    this.readAt = Date.now();
    this.render(false);
  }

  focusHeading(): void {
    this.heading.focus();
  }

  focusReply(): void {
    this.composer.focus();
  }

  private composerState(c: ConversationSummary): ComposerState {
    const mineOrAdmin = c.assignee === this.me.id || this.me.role === 'admin';
    const canReply = c.status === 'assigned' && mineOrAdmin;
    let blocked: string | null = null;
    if (c.status === 'closed' || c.status === 'bot') blocked = this.s.closedHint;
    else if (c.status === 'assigned' && !mineOrAdmin) blocked = this.s.ownedByColleague;
    return { canReply, blocked, language: langName(this.s, c.lang) };
  }

  private render(first: boolean): void {
    const s = this.s;
    const c = this.detail.conversation;
    this.heading.textContent = describe(s, c);
    const assignee = c.assignee === this.me.id ? s.you : c.assignee ? (this.transfer.nameOf(c.assignee) ?? c.assignee) : null;
    setChildren(this.meta, [
      h('span', { class: `badge status ${c.status}`, text: lookup(s, 'status', c.status) }),
      c.escalation === 'crisis' ? h('span', { class: 'badge crisis', text: s['reason.crisis'] }) : null,
      c.interpreter ? h('span', { class: 'badge interp', text: s.interpreter }) : null,
      assignee && c.status === 'assigned' ? h('span', { class: 'who', text: fill(s.assignedTo, { name: assignee }) }) : null,
      c.status === 'waiting' ? h('span', { class: 'wait', text: waitingLabel(s, c, this.readAt, this.lang) }) : null,
    ]);
    this.renderActions(c);
    const shown = this.intakeSlot.querySelector('details');
    if (shown) this.intakeOpen = shown.open;
    this.intakeSlot.replaceChildren(intakeView(s, c, this.intakeOpen));
    this.alert.hidden = !c.unreachable;
    this.alert.textContent = c.unreachable ? fill(s.unreachable, { reason: c.unreachable.reason }) : '';
    const nearBottom = this.body.scrollHeight - this.body.scrollTop - this.body.clientHeight < 80;
    const added = this.transcript.update(this.detail.messages);
    if (first || (added && nearBottom)) requestAnimationFrame(() => (this.body.scrollTop = this.body.scrollHeight));
    this.composer.update(this.composerState(c));
  }

  private renderActions(c: ConversationSummary): void {
    const s = this.s;
    const admin = this.me.role === 'admin';
    const button = (label: string, cls: string, fn: () => Promise<void>): HTMLButtonElement => {
      const b = h('button', { type: 'button', class: `btn ${cls}`, text: label });
      b.addEventListener('click', () => void this.run(fn));
      return b;
    };
    const list: HTMLElement[] = [];
    if (c.status === 'waiting' || (c.status === 'assigned' && c.assignee !== this.me.id && admin)) {
      list.push(button(s.claim, 'primary', async () => {
        await this.act.claim();
        this.composer.focus();
      }));
    }
    if (c.status === 'waiting' || c.status === 'assigned') list.push(this.transfer.toggle);
    if (c.status === 'assigned' && (c.assignee === this.me.id || admin)) list.push(button(s.close, 'danger', () => this.act.close()));
    this.actions.replaceChildren(...list);
    if (c.status !== 'waiting' && c.status !== 'assigned') this.transfer.hide();
  }

  /** Runs an action, showing why it failed; the buttons wait meanwhile so that nothing is done twice. */
  private async run(fn: () => Promise<void>): Promise<void> {
    this.error.textContent = '';
    const buttons = Array.from(this.actions.querySelectorAll('button'));
    for (const b of buttons) b.disabled = true;
    try {
      await fn();
    } catch (e) {
      this.error.textContent = fill(this.s.failed, { message: e instanceof Error ? e.message : '?' });
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }
}
