/** The page's element with this id; the markup is ours, so a missing one is a bug worth a loud error. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`parrot: #${id} is missing from the page`);
  return el as T;
}

export const inputById = (id: string): HTMLInputElement => byId<HTMLInputElement>(id);

/** the stylesheet never hides these elements: clearing the inline style shows them */
export function setVisible(el: HTMLElement, visible: boolean): void {
  el.style.display = visible ? '' : 'none';
}

/** An element with attributes and children; text children become text nodes, so nothing user-supplied is parsed as markup. */
export function h(tag: string, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}
