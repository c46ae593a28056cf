/**
 * The page's element builder. Text goes in through textContent and attributes through
 * setAttribute, never through HTML parsing: what an editor wrote stays text (the page's Trusted
 * Types policy would make innerHTML throw anyway).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  children: (Node | string | null)[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') el.textContent = String(value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null) el.append(child);
  return el;
}

export function setChildren(el: Element, children: (Node | string | null)[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null));
}
