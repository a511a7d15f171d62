import type { Backend } from '../backend.js';
import { describeError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import type { Translator } from '../i18n.js';

/** The answer of POST /app/admin/rotate-secret, given this once. */
interface RotatedSecret {
  appSecret: string;
  roleClaimKey: string;
}

/**
 * App-secret rotation: a button, then a confirmation (the app stops working until the new values
 * are pasted into its settings), then the new secret and role claim key with where to paste them.
 * They live only in this view's DOM: nothing stores them, so leaving the view loses them.
 */
export function secretSection(env: { doc: Document; t: Translator; backend: Backend }) {
  const { doc, t, backend } = env;
  const element = h(doc, 'div', { class: 'dp-slot' });
  const status = h(doc, 'p', { class: 'dp-hint', attrs: { role: 'status' } });
  const button = (action: string, label: string, onClick: () => void, primary = false) =>
    h(
      doc,
      'button',
      {
        class: primary ? 'dp-button dp-primary' : 'dp-button',
        attrs: { type: 'button', 'data-action': action },
        on: { click: onClick },
      },
      label,
    );
  const field = (name: string, label: string, value: string) => {
    const input = h(doc, 'input', {
      class: 'dp-secret',
      attrs: { type: 'text', readonly: '', name, spellcheck: 'false', autocomplete: 'off' },
    });
    input.value = value;
    return h(
      doc,
      'label',
      { class: 'dp-field' },
      h(doc, 'span', { class: 'dp-label' }, label),
      input,
    );
  };
  const shown = (rotated: RotatedSecret) => {
    replaceChildren(
      doc,
      element,
      h(doc, 'p', { class: 'dp-warning', attrs: { role: 'alert' } }, t('ui.admin.secret_once')),
      h(doc, 'p', { class: 'dp-hint' }, t('ui.admin.secret_paste')),
      field('app-secret', t('ui.admin.secret_app_secret'), rotated.appSecret),
      field('role-claim-key', t('ui.admin.secret_role_claim_key'), rotated.roleClaimKey),
    );
  };
  const rotate = async () => {
    replaceChildren(doc, element, status);
    status.textContent = t('ui.admin.secret_rotating');
    try {
      shown(await backend.post<RotatedSecret>('/app/admin/rotate-secret', {}));
    } catch (e) {
      status.textContent = describeError(t, e);
      element.appendChild(button('rotate-secret', t('ui.admin.secret_rotate'), ask));
    }
  };
  const ask = () => {
    replaceChildren(
      doc,
      element,
      h(doc, 'p', { class: 'dp-warning' }, t('ui.admin.secret_confirm')),
      button('confirm-rotate', t('ui.admin.secret_confirm_yes'), () => void rotate(), true),
      ' ',
      button('cancel-rotate', t('ui.admin.secret_cancel'), start),
    );
  };
  function start(): void {
    replaceChildren(
      doc,
      element,
      h(doc, 'p', { class: 'dp-hint' }, t('ui.admin.secret_help')),
      button('rotate-secret', t('ui.admin.secret_rotate'), ask),
    );
  }
  start();
  return { element };
}
