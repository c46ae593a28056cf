/** The page's shell, rendered by the server (adapters/webchat/page-html.ts). */
export interface Elements {
  log: HTMLElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  lang: HTMLSelectElement;
  typing: HTMLElement;
  typingText: HTMLElement;
  conn: HTMLElement;
  error: HTMLElement;
  close: HTMLButtonElement | null;
}

function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`the chat page lacks #${id}`);
  return el;
}

export function findElements(): Elements {
  const close = document.getElementById('cz-close');
  return {
    log: byId('cz-log', HTMLElement),
    form: byId('cz-form', HTMLFormElement),
    input: byId('cz-input', HTMLTextAreaElement),
    lang: byId('cz-lang', HTMLSelectElement),
    typing: byId('cz-typing', HTMLElement),
    typingText: byId('cz-typing-text', HTMLElement),
    conn: byId('cz-conn', HTMLElement),
    error: byId('cz-error', HTMLElement),
    close: close instanceof HTMLButtonElement ? close : null,
  };
}
