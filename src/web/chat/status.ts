import type { Sender, UiStrings } from '../../../adapters/webchat/protocol.js';
import type { Elements } from './elements.js';

/** A staff member's "typing" that never says it stopped fades after this long. */
const TYPING_TIMEOUT_MS = 20_000;
/** Flapping connections are not worth a banner. */
const RECONNECTING_AFTER_MS = 1500;

/** The line under the conversation: who is typing, and whether the connection is down. */
export class StatusLine {
  private typingFrom: Sender | null = null;
  private typingTimer: number | undefined;
  private connTimer: number | undefined;
  private down = false;

  constructor(
    private readonly el: Pick<Elements, 'typing' | 'typingText' | 'conn'>,
    private strings: UiStrings,
  ) {}

  typing(from: Sender): void {
    this.typingFrom = from;
    this.el.typingText.textContent = from === 'bot' ? this.strings.typingBot : this.strings.typingStaff;
    this.el.typing.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.stopped(from), TYPING_TIMEOUT_MS);
  }

  stopped(from: Sender): void {
    if (this.typingFrom !== from) return;
    this.typingFrom = null;
    this.el.typing.hidden = true;
    window.clearTimeout(this.typingTimer);
  }

  disconnected(): void {
    if (this.typingFrom) this.stopped(this.typingFrom);
    this.down = true;
    window.clearTimeout(this.connTimer);
    this.connTimer = window.setTimeout(() => (this.el.conn.textContent = this.strings.reconnecting), RECONNECTING_AFTER_MS);
  }

  connected(): void {
    this.down = false;
    window.clearTimeout(this.connTimer);
    this.el.conn.textContent = '';
  }

  relabel(strings: UiStrings): void {
    this.strings = strings;
    if (this.typingFrom) this.typing(this.typingFrom);
    if (this.down && this.el.conn.textContent) this.el.conn.textContent = strings.reconnecting;
  }
}
