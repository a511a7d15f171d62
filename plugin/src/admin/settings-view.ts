import type { Backend } from '../backend.js';
import { describeError, toBackendError } from '../backend.js';
import { h, replaceChildren, type Child } from '../dom.js';
import type { Translator } from '../i18n.js';
import { loadInto } from '../states.js';

interface SettingsDoc {
  settings: Record<string, unknown>;
  schedules: unknown[];
}

/**
 * The installation's settings as editable JSON (field ids, SLA policy, board roles) plus the
 * schedules; Save sends them with PUT and shows the API's field-by-field refusal as is. `baseUrl`
 * is the operator's and is left out of what is sent.
 */
export function settingsSection(env: { doc: Document; t: Translator; backend: Backend }) {
  const { doc, t, backend } = env;
  const element = h(doc, 'div', { class: 'dp-slot' });
  // The form's nodes for a settings document; a save draws the stored one again.
  const build = (current: SettingsDoc): Child[] => {
    const editable = Object.fromEntries(
      Object.entries(current.settings).filter(([name]) => name !== 'baseUrl'),
    );
    const area = h(doc, 'textarea', {
      class: 'dp-json',
      attrs: { rows: '12', spellcheck: 'false', name: 'settings' },
    });
    area.value = JSON.stringify({ ...editable, schedules: current.schedules }, null, 2);
    const status = h(doc, 'p', { class: 'dp-hint', attrs: { role: 'status' } });
    const save = async () => {
      let body: unknown;
      try {
        body = JSON.parse(area.value);
      } catch {
        status.textContent = t('ui.admin.bad_json');
        return;
      }
      status.textContent = t('ui.admin.saving');
      try {
        replaceChildren(
          doc,
          element,
          ...build(await backend.put<SettingsDoc>('/app/admin/settings', body)),
        );
        element.querySelector('[role="status"]')?.replaceChildren(t('ui.admin.saved'));
      } catch (e) {
        const err = toBackendError(e);
        status.textContent = err.status === 400 ? err.message : describeError(t, e);
      }
    };
    return [
      h(doc, 'p', { class: 'dp-hint' }, t('ui.admin.settings_help')),
      area,
      h(
        doc,
        'button',
        {
          class: 'dp-button dp-primary',
          attrs: { type: 'button', 'data-action': 'save-settings' },
          on: { click: () => void save() },
        },
        t('ui.admin.save'),
      ),
      status,
    ];
  };
  const load = (): Promise<void> =>
    loadInto(env, element, {
      loading: t('ui.admin.loading'),
      request: () => backend.get<SettingsDoc>('/app/admin/settings'),
      render: build,
    });
  return { element, load };
}
