import { parseHTML } from 'linkedom';

/** A fresh server-side DOM (linkedom) to render the app's views into. */
export function makeDocument(): Document {
  const { document } = parseHTML('<!doctype html><html><body><main id="app"></main></body></html>');
  return document;
}

/** Text of an element with runs of whitespace collapsed, for readable assertions. */
export const text = (el: Element | null | undefined): string =>
  (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The label → value pairs of a view's `<dt>/<dd>` facts. */
export function facts(el: Element): Record<string, string> {
  return Object.fromEntries(
    [...el.querySelectorAll('.dp-fact')].map((f) => [
      text(f.querySelector('dt')),
      text(f.querySelector('dd')),
    ]),
  );
}

/** Clicks an element the way a user would (a cancelable click event). */
export function click(el: Element | null | undefined): void {
  const view = el?.ownerDocument.defaultView;
  if (!el || !view) throw new Error('click: no element to click');
  el.dispatchEvent(new view.Event('click', { cancelable: true }));
}
