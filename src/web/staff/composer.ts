import { h } from './dom.js';
import { fill, type Strings } from './strings.js';

export type Mode = 'reply' | 'note';

export interface ComposerState {
  /** Reply is possible only once this staff member owns the conversation. */
  canReply: boolean;
  /** Why not, when not: shown under the field. */
  blocked: string | null;
  /** The user's language, named in the placeholder. */
  language: string;
}

/** Same cap as the API's (TextBody maxLength): the field refuses more, rather than the server. */
const MAX_TEXT = 4000;

/**
 * The reply box: a reply to the user or an internal note (visibly different), Enter to send,
 * Shift+Enter for a new line. The text stays in the field until the server took it.
 */
export class Composer {
  readonly root: HTMLFormElement;
  readonly field: HTMLTextAreaElement;
  private mode: Mode = 'reply';
  private readonly hint: HTMLParagraphElement;
  private readonly error: HTMLParagraphElement;
  private readonly submit: HTMLButtonElement;
  private readonly modeButtons: Record<Mode, HTMLButtonElement>;
  private state: ComposerState;
  private busy = false;

  constructor(
    private readonly s: Strings,
    state: ComposerState,
    private readonly send: (mode: Mode, text: string) => Promise<void>,
  ) {
    this.state = state;
    this.field = h('textarea', { id: 'reply-text', rows: '2', maxlength: String(MAX_TEXT), 'aria-describedby': 'reply-hint reply-error' });
    this.hint = h('p', { id: 'reply-hint', class: 'hint' });
    this.error = h('p', { id: 'reply-error', class: 'error', role: 'alert' });
    this.submit = h('button', { type: 'submit', class: 'btn primary' });
    const modeButton = (m: Mode, label: string): HTMLButtonElement => {
      const b = h('button', { type: 'button', class: `mode ${m}`, 'aria-pressed': 'false', text: label });
      b.addEventListener('click', () => this.setMode(m, true));
      return b;
    };
    this.modeButtons = { reply: modeButton('reply', s.replyMode), note: modeButton('note', s.noteMode) };
    const label = h('label', { for: 'reply-text', class: 'vh', id: 'reply-label' });
    this.root = h('form', { class: 'composer', 'aria-label': s.replyMode }, [
      h('div', { class: 'modes', role: 'group', 'aria-label': `${s.replyMode} / ${s.noteMode}` }, [this.modeButtons.reply, this.modeButtons.note]),
      label,
      this.field,
      h('div', { class: 'composer-foot' }, [this.hint, this.submit]),
      this.error,
    ]);
    this.root.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.go();
    });
    this.field.addEventListener('keydown', (e) => {
      // isComposing: Enter also confirms a word in an input method.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        void this.go();
      }
    });
    // Reply first even before a claim: the disabled field then says what to do (notes are one click away).
    this.setMode('reply', false);
  }

  update(state: ComposerState): void {
    const could = this.state.canReply;
    this.state = state;
    // Having just claimed, the natural next step is a reply; having just lost the conversation
    // (closed, transferred), the reply box says why it is off.
    this.setMode(state.canReply !== could ? 'reply' : this.mode, false);
  }

  /** Puts a knowledge-base answer into the reply, after what is already written. */
  insert(text: string): void {
    this.setMode('reply', false);
    const current = this.field.value.trimEnd();
    this.field.value = current ? `${current}\n\n${text}` : text;
    this.field.focus();
  }

  focus(): void {
    this.field.focus();
  }

  private setMode(mode: Mode, focus: boolean): void {
    this.mode = mode;
    const s = this.s;
    const note = mode === 'note';
    for (const m of ['reply', 'note'] as const) this.modeButtons[m].setAttribute('aria-pressed', String(m === mode));
    this.root.classList.toggle('is-note', note);
    const blocked = !note && !this.state.canReply;
    this.field.disabled = blocked || this.busy;
    this.field.placeholder = note ? s.notePlaceholder : fill(s.replyPlaceholder, { language: this.state.language });
    const label = this.root.querySelector('#reply-label');
    if (label) label.textContent = note ? s.noteMode : s.replyMode;
    this.submit.textContent = note ? s.saveNote : s.send;
    this.submit.disabled = blocked || this.busy;
    this.hint.textContent = blocked ? (this.state.blocked ?? s.claimFirst) : s.enterHint;
    if (focus && !this.field.disabled) this.field.focus();
  }

  private async go(): Promise<void> {
    const text = this.field.value.trim();
    if (!text || this.busy || this.field.disabled) return;
    this.busy = true;
    this.submit.disabled = true;
    this.error.textContent = '';
    try {
      await this.send(this.mode, text);
      this.field.value = '';
    } catch (e) {
      this.error.textContent = fill(this.s.failed, { message: e instanceof Error ? e.message : '?' });
    } finally {
      this.busy = false;
      this.setMode(this.mode, false);
      if (!this.field.disabled) this.field.focus();
    }
  }
}
