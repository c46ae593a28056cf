import { h } from './dom.js';

/** How long an in-page announcement stays visible; screen readers have read it by then. */
const TOAST_MS = 8000;

/**
 * Tells staff that someone is waiting: an announcement in the page (aria-live, visible), a
 * desktop notification when allowed and the page is not in front, and the count in the title.
 */
export class Notifier {
  readonly region: HTMLDivElement;
  private timer: number | undefined;
  private baseTitle = document.title;
  private count = 0;

  constructor() {
    // Always in the page, empty when quiet: a live region that appears together with its text is often not read.
    this.region = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  }

  /** Whether to offer the button that asks for permission (it must follow a click). */
  static canAsk(): boolean {
    return 'Notification' in window && Notification.permission === 'default';
  }

  static ask(): Promise<NotificationPermission> {
    return Notification.requestPermission();
  }

  announce(text: string): void {
    // Emptied first: the same words twice in a row are announced twice.
    this.region.textContent = '';
    requestAnimationFrame(() => (this.region.textContent = text));
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => (this.region.textContent = ''), TOAST_MS);
    const away = document.visibilityState !== 'visible' || !document.hasFocus();
    if (away && 'Notification' in window && Notification.permission === 'granted') {
      try {
        const n = new Notification(this.baseTitle, { body: text, tag: 'cz-inbox' });
        n.addEventListener('click', () => {
          window.focus();
          n.close();
        });
      } catch {
        // Chrome on Android allows notifications only from a service worker; the page announcement stays.
      }
    }
  }

  setTitle(title: string): void {
    this.baseTitle = title;
    this.showCount(this.count);
  }

  /** "(3) Staff inbox": how many conversations wait, readable from another tab. */
  showCount(n: number): void {
    this.count = n;
    document.title = n > 0 ? `(${n}) ${this.baseTitle}` : this.baseTitle;
  }
}
