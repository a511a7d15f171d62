/**
 * Tiny element builder. Every piece of data becomes a text node or an attribute value set through
 * the DOM, never markup, so names, subjects and reasons from the backend cannot inject HTML.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  attrs?: Record<string, string>;
  on?: Partial<Record<'click' | 'change' | 'submit' | 'input', (event: Event) => void>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  if (props?.class !== undefined) el.className = props.class;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) el.setAttribute(name, value);
  for (const [type, handler] of Object.entries(props?.on ?? {})) el.addEventListener(type, handler);
  append(doc, el, children);
  return el;
}

export function append(doc: Document, parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number'
        ? doc.createTextNode(String(child))
        : child,
    );
  }
}

/** Replaces everything inside `parent`. */
export function replaceChildren(doc: Document, parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(doc, parent, children);
}

/** A button styled as a link (an action inside text or a table, not a form's submit). */
export function linkButton(
  doc: Document,
  label: string,
  onClick: () => void,
  attrs: Record<string, string> = {},
): HTMLButtonElement {
  return h(
    doc,
    'button',
    { class: 'dp-link', attrs: { type: 'button', ...attrs }, on: { click: onClick } },
    label,
  );
}

/** A table cell holding a ticket's "#id" as a link-styled button that opens the ticket. */
export function ticketLinkCell(
  doc: Document,
  ticketId: string,
  open: (ticketId: string) => void,
): HTMLTableCellElement {
  return h(
    doc,
    'td',
    null,
    linkButton(doc, `#${ticketId}`, () => {
      open(ticketId);
    }),
  );
}

/**
 * A data table: one header row of column titles (`scope="col"`, so screen readers announce the
 * column with each cell) over the body rows (a null title leaves its column out). `props` styles and marks the table itself.
 */
export function dataTable(
  doc: Document,
  props: Props,
  head: readonly Child[],
  rows: readonly Node[],
): HTMLTableElement {
  return h(
    doc,
    'table',
    props,
    h(
      doc,
      'thead',
      null,
      h(
        doc,
        'tr',
        null,
        ...head
          .filter((c) => c !== null && c !== undefined && c !== false)
          .map((c) => h(doc, 'th', { attrs: { scope: 'col' } }, c)),
      ),
    ),
    h(doc, 'tbody', null, ...rows),
  );
}
