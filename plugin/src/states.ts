import { describeError } from './backend.js';
import { h, replaceChildren, type Child } from './dom.js';
import type { Translator } from './i18n.js';

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

/** What {@link loadInto} draws with. */
export interface LoadEnv {
  doc: Document;
  t: Translator;
}

/** How one view loads: its request, what it draws from the answer, and its own failure cases. */
export interface LoadSpec<T> {
  /** The spinner's text; without one the slot keeps what it shows until the answer. */
  loading?: string;
  request: () => Promise<T>;
  render: (value: T) => Child[];
  /** A view's own reading of a failure (a 404 that means "nothing yet"); null: the usual error. */
  failure?: (e: unknown) => HTMLElement | null;
  /** Whether the error offers to run the whole load again (default true). */
  retry?: boolean;
}

/**
 * The one load/render/error path of the app's views: a spinner in `slot`, the request, then what
 * `render` makes of the answer; a failure shows what to do about it, with a retry button.
 */
export async function loadInto<T>(
  env: LoadEnv,
  slot: HTMLElement,
  spec: LoadSpec<T>,
): Promise<void> {
  const { doc, t } = env;
  if (spec.loading !== undefined) replaceChildren(doc, slot, loadingView(doc, spec.loading));
  try {
    replaceChildren(doc, slot, ...spec.render(await spec.request()));
  } catch (e) {
    const retry = spec.retry === false ? undefined : () => void loadInto(env, slot, spec);
    replaceChildren(doc, slot, spec.failure?.(e) ?? errorView(doc, t, describeError(t, e), retry));
  }
}
