import type { Elements } from './elements.js';

export interface ComposerHooks {
  maxLength: number;
  /** A text within the limit, trimmed; the field is already cleared. */
  send(text: string): void;
  /** The text is longer than the limit by this count of characters (or back within it: null). */
  tooLong(count: number | null): void;
}

/** The message field: Enter sends, Shift+Enter breaks the line, it grows with its text, the limit is told early. */
export function wireComposer(el: Pick<Elements, 'form' | 'input'>, hooks: ComposerHooks): void {
  const input = el.input;
  let over = false;
  const check = (count: number): boolean => {
    over = count > hooks.maxLength;
    if (over) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    hooks.tooLong(over ? count : null);
    return !over;
  };
  const submit = (): void => {
    const text = input.value.trim();
    if (!text || !check(Array.from(text).length)) return;
    input.value = '';
    input.style.height = '';
    hooks.send(text);
  };
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
    input.focus();
  });
  input.addEventListener('keydown', (e) => {
    // isComposing: Enter also confirms a word in an input method (Vietnamese, for one).
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
    const count = Array.from(input.value).length;
    if (count > hooks.maxLength || over) check(count);
  });
}
