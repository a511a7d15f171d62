import type { Backend } from '../backend.js';
import { describeError, toBackendError } from '../backend.js';
import { h, replaceChildren } from '../dom.js';
import { formatDate, formatNumber } from '../format.js';
import type { Translator } from '../i18n.js';
import { errorView, loadInto } from '../states.js';
import type { Alert } from '../types.js';
import { alertForm, type AlertDraft } from './alerts-form.js';
import { formatValue, kpiLabel, shownAs } from './kpis.js';

const DAY_MS = 86_400_000;

/** A threshold in its KPI's unit; a bare number for a KPI the registry does not know. */
function formatAlertValue(t: Translator, kpi: string, value: number): string {
  const shown = shownAs(kpi);
  return shown === null ? String(value) : formatValue(t, shown, value);
}

function ruleText(t: Translator, a: Alert): string {
  if (a.rule.type === 'forecast_backlog') {
    return t('ui.forecast.alert_rule', { value: a.rule.above });
  }
  if (a.rule.type === 'account_at_risk') {
    return t('ui.health.alert_rule', { value: formatNumber(t, a.rule.minValue, 0) });
  }
  return a.rule.type === 'threshold'
    ? t('ui.alerts.threshold', {
        op: a.rule.op,
        value: formatAlertValue(t, a.kpi, a.rule.value),
      })
    : t('ui.alerts.baseline', { pct: a.rule.worseByPct });
}

function muteText(t: Translator, a: Alert, nowMs: number): string | null {
  if (a.muted) return t('ui.alerts.muted');
  if (a.mutedUntil !== null && Date.parse(a.mutedUntil) > nowMs)
    return t('ui.alerts.muted_until', { when: formatDate(t, a.mutedUntil) });
  return null;
}

/** The board's alerts section: the list with edit, mute/unmute and delete, and a create form. */
export function alertsPanel(
  doc: Document,
  t: Translator,
  backend: Backend,
  now: () => number,
): { element: HTMLElement; load: () => Promise<void> } {
  const list = h(doc, 'div', { class: 'dp-slot' });
  const formSlot = h(doc, 'div', { class: 'dp-slot' });
  const addButton = h(
    doc,
    'button',
    { class: 'dp-button', attrs: { type: 'button', 'data-action': 'add-alert' } },
    t('ui.alerts.add'),
  );
  const element = h(doc, 'div', { class: 'dp-alerts-panel' }, list, formSlot, addButton);

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await load();
    } catch (e) {
      replaceChildren(doc, formSlot, errorView(doc, t, describeError(t, e)));
    }
  };
  const save = (existing: Alert | null) => async (draft: AlertDraft) => {
    try {
      if (existing === null) await backend.post('/alerts', draft);
      else await backend.patch(`/alerts/${encodeURIComponent(existing.id)}`, draft);
    } catch (e) {
      // The API names each bad field; show its message rather than a generic error.
      throw new Error(toBackendError(e).message);
    }
    replaceChildren(doc, formSlot);
    addButton.hidden = false;
    await load();
  };
  const openForm = (existing: Alert | null) => {
    addButton.hidden = true;
    replaceChildren(
      doc,
      formSlot,
      alertForm(doc, t, existing, {
        save: save(existing),
        cancel: () => {
          replaceChildren(doc, formSlot);
          addButton.hidden = false;
        },
      }),
    );
  };
  addButton.addEventListener('click', () => {
    openForm(null);
  });

  const button = (label: string, action: string, onClick: () => void) =>
    h(
      doc,
      'button',
      {
        class: 'dp-button dp-small',
        attrs: { type: 'button', 'data-action': action },
        on: { click: onClick },
      },
      label,
    );
  const row = (a: Alert) => {
    const path = `/alerts/${encodeURIComponent(a.id)}`;
    const muted = muteText(t, a, now());
    return h(
      doc,
      'li',
      { attrs: { 'data-alert': a.id, 'data-muted': muted === null ? 'false' : 'true' } },
      h(doc, 'strong', null, kpiLabel(t, a.kpi)),
      ' ',
      ruleText(t, a),
      h(
        doc,
        'span',
        { class: 'dp-hint' },
        ` · ${a.lastFiredAt === null ? t('ui.alerts.never_fired') : t('ui.alerts.last_fired', { when: formatDate(t, a.lastFiredAt) })}`,
      ),
      muted === null ? null : h(doc, 'span', { class: 'dp-badge dp-muted-badge' }, muted),
      h(
        doc,
        'span',
        { class: 'dp-actions' },
        button(t('ui.alerts.edit'), 'edit', () => {
          openForm(a);
        }),
        muted === null
          ? button(
              t('ui.alerts.mute_day'),
              'mute',
              () =>
                void act(() =>
                  backend.patch(path, { mutedUntil: new Date(now() + DAY_MS).toISOString() }),
                ),
            )
          : button(
              t('ui.alerts.unmute'),
              'unmute',
              () => void act(() => backend.patch(path, { muted: false })),
            ),
        muted === null
          ? button(
              t('ui.alerts.mute'),
              'mute-forever',
              () => void act(() => backend.patch(path, { muted: true })),
            )
          : null,
        button(t('ui.alerts.delete'), 'delete', () => void act(() => backend.delete(path))),
      ),
    );
  };

  const load = () =>
    loadInto({ doc, t }, list, {
      loading: t('ui.alerts.loading'),
      request: () => backend.get<{ alerts: Alert[] }>('/alerts'),
      render: ({ alerts }) => [
        alerts.length === 0
          ? h(doc, 'p', { class: 'dp-muted' }, t('ui.alerts.none'))
          : h(doc, 'ul', { class: 'dp-list dp-alerts' }, ...alerts.map(row)),
      ],
    });
  return { element, load };
}
