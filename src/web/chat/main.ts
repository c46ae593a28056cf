import type { PageConfig } from '../../../adapters/webchat/protocol.js';
import { ChatApp } from './chat-app.js';
import { findElements } from './elements.js';
import { visitorId } from './storage.js';

/** Inside the widget's frame: the host page opens and closes it, we only ask. */
function wireEmbed(app: ChatApp, close: HTMLButtonElement | null): void {
  const askToClose = (): void => window.parent.postMessage({ type: 'cz-chat:close' }, '*');
  close?.addEventListener('click', askToClose);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') askToClose();
  });
  window.addEventListener('message', (e: MessageEvent) => {
    const data: unknown = e.data;
    if (e.source === window.parent && typeof data === 'object' && data !== null && 'type' in data && data.type === 'cz-chat:focus') app.focusInput();
  });
}

function main(): void {
  const script = document.getElementById('cz-config');
  const cfg = JSON.parse(script?.textContent ?? 'null') as PageConfig | null;
  if (!cfg) return;
  const els = findElements();
  const app = new ChatApp(cfg, els, visitorId());
  app.start();
  if (cfg.embed) wireEmbed(app, els.close);
}

main();
