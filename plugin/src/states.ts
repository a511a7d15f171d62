import type { Translator } from './i18n.js';
import { h } from './dom.js';

/** A spinner line while something loads, announced to screen readers. */
export function loadingView(doc: Document, text: string): HTMLElement {
  return h(
    doc,
    'p',
    { class: 'dp-state dp-loading', attrs: { role: 'status' } },
    h(doc, 'span', { class: 'dp-spinner', attrs: { 'aria-hidden': 'true' } }),
    text,
  );
}

/** An error that says what to do, with a retry button when retrying can help. */
export function errorView(
  doc: Document,
  t: Translator,
  message: string,
  onRetry?: () => void,
): HTMLElement {
  return h(
    doc,
    'div',
    { class: 'dp-state dp-error', attrs: { role: 'alert' } },
    h(doc, 'p', null, message),
    onRetry === undefined
      ? null
      : h(
          doc,
          'button',
          { class: 'dp-button', attrs: { type: 'button' }, on: { click: onRetry } },
          t('ui.common.retry'),
        ),
  );
}

/** Nothing to show yet, and why. */
export function emptyView(doc: Document, message: string): HTMLElement {
  return h(doc, 'p', { class: 'dp-state dp-empty' }, message);
}
