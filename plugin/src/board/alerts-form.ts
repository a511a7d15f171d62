import { h } from '../dom.js';
import type { Translator } from '../i18n.js';
import type { Alert } from '../types.js';
import { KPI_IDS } from '../../../src/metrics/kpi-registry.js';
import { kpiLabel, shownAs } from './kpis.js';

/** What POST /alerts takes, and PATCH for an edit (the whole rule is sent again). */
export interface AlertDraft {
  kpi: string;
  rule: Alert['rule'];
  minSample: number;
  cooldownMinutes: number;
  webhookUrl: string;
  businessHours: boolean;
}

/** The registry's unit of a KPI named by a string; null for a name the registry does not know. */
const unitOf = (kpi: string) => shownAs(kpi)?.unit ?? null;

// Threshold values are typed in the unit a lead thinks in: minutes for durations, % for rates.
const toApi = (kpi: string, typed: number) =>
  unitOf(kpi) === 'seconds' ? typed * 60 : unitOf(kpi) === 'fraction' ? typed / 100 : typed;
const fromApi = (kpi: string, value: number) =>
  unitOf(kpi) === 'seconds' ? value / 60 : unitOf(kpi) === 'fraction' ? value * 100 : value;

function field(doc: Document, label: string, control: HTMLElement): HTMLElement {
  return h(doc, 'label', { class: 'dp-field' }, h(doc, 'span', null, label), control);
}

function valueLabel(t: Translator, kpi: string): string {
  const unit = unitOf(kpi);
  if (unit === 'seconds') return t('ui.alerts.value_minutes');
  return unit === 'fraction' ? t('ui.alerts.value_pct') : t('ui.alerts.value');
}

/**
 * The create/edit form of an alert. The server validates again (webhook host, ranges); its
 * message is shown as is. `onSave` resolves when stored, or rejects with a message to show.
 */
export function alertForm(
  doc: Document,
  t: Translator,
  initial: Alert | null,
  actions: { save: (draft: AlertDraft) => Promise<void>; cancel: () => void },
): HTMLFormElement {
  const kpi = h(doc, 'select', { attrs: { name: 'kpi' } });
  for (const k of KPI_IDS) kpi.append(h(doc, 'option', { attrs: { value: k } }, kpiLabel(t, k)));
  kpi.value = initial?.kpi ?? 'first_reply';
  const type = h(
    doc,
    'select',
    { attrs: { name: 'type' } },
    h(doc, 'option', { attrs: { value: 'threshold' } }, t('ui.alerts.rule_threshold')),
    h(doc, 'option', { attrs: { value: 'baseline' } }, t('ui.alerts.rule_baseline')),
    h(doc, 'option', { attrs: { value: 'forecast_backlog' } }, t('ui.forecast.alert_type')),
    h(doc, 'option', { attrs: { value: 'account_at_risk' } }, t('ui.health.alert_type')),
  );
  type.value = initial?.rule.type ?? 'threshold';
  const op = h(
    doc,
    'select',
    { attrs: { name: 'op' } },
    h(doc, 'option', { attrs: { value: '>' } }, t('ui.alerts.op_above')),
    h(doc, 'option', { attrs: { value: '<' } }, t('ui.alerts.op_below')),
  );
  const number = (name: string, value: string, min: string) =>
    h(doc, 'input', { attrs: { name, type: 'number', step: 'any', min, value, required: '' } });
  const rule = initial?.rule;
  if (rule?.type === 'threshold') op.value = rule.op;
  const value = number(
    'value',
    rule?.type === 'threshold' ? String(fromApi(initial?.kpi ?? '', rule.value)) : '60',
    '0',
  );
  const worseBy = number(
    'worseByPct',
    rule?.type === 'baseline' ? String(rule.worseByPct) : '20',
    '1',
  );
  const above = number(
    'above',
    rule?.type === 'forecast_backlog' ? String(rule.above) : '100',
    '0',
  );
  const minValue = number(
    'minValue',
    rule?.type === 'account_at_risk' ? String(rule.minValue) : '0',
    '0',
  );
  const minSample = number('minSample', String(initial?.minSample ?? 10), '1');
  const cooldown = number('cooldownMinutes', String(initial?.cooldownMinutes ?? 60), '5');
  const webhook = h(doc, 'input', {
    attrs: {
      name: 'webhookUrl',
      type: 'url',
      required: '',
      placeholder: 'https://',
      value: initial?.webhookUrl ?? '',
    },
  });
  const businessHours = h(doc, 'input', { attrs: { name: 'businessHours', type: 'checkbox' } });
  businessHours.checked = initial?.businessHours ?? false;
  const valueField = field(doc, valueLabel(t, kpi.value), value);
  const thresholdFields = h(
    doc,
    'div',
    { class: 'dp-row' },
    field(doc, t('ui.alerts.op'), op),
    valueField,
  );
  const baselineField = field(doc, t('ui.alerts.worse_by'), worseBy);
  const forecastField = field(doc, t('ui.forecast.alert_above'), above);
  const healthField = field(doc, t('ui.health.alert_min_value'), minValue);
  const message = h(doc, 'p', { class: 'dp-hint', attrs: { role: 'status' } });
  const showRule = () => {
    thresholdFields.hidden = type.value !== 'threshold';
    baselineField.hidden = type.value !== 'baseline';
    forecastField.hidden = type.value !== 'forecast_backlog';
    healthField.hidden = type.value !== 'account_at_risk';
    valueField.firstElementChild?.replaceChildren(valueLabel(t, kpi.value));
  };
  kpi.addEventListener('change', showRule);
  type.addEventListener('change', showRule);
  showRule();

  const form = h(
    doc,
    'form',
    { class: 'dp-form dp-alert-form' },
    h(
      doc,
      'div',
      { class: 'dp-row' },
      field(doc, t('ui.alerts.kpi'), kpi),
      field(doc, t('ui.alerts.rule'), type),
    ),
    thresholdFields,
    baselineField,
    forecastField,
    healthField,
    h(
      doc,
      'div',
      { class: 'dp-row' },
      field(doc, t('ui.alerts.min_sample'), minSample),
      field(doc, t('ui.alerts.cooldown'), cooldown),
    ),
    field(doc, t('ui.alerts.webhook'), webhook),
    h(doc, 'label', { class: 'dp-check' }, businessHours, t('ui.board.business_hours')),
    message,
    h(
      doc,
      'div',
      { class: 'dp-row' },
      h(
        doc,
        'button',
        { class: 'dp-button dp-primary', attrs: { type: 'submit' } },
        t('ui.alerts.save'),
      ),
      h(
        doc,
        'button',
        { class: 'dp-button', attrs: { type: 'button' }, on: { click: actions.cancel } },
        t('ui.alerts.cancel'),
      ),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const forecast = type.value === 'forecast_backlog';
    const health = type.value === 'account_at_risk';
    const draft: AlertDraft = {
      // The forecast rule is about the backlog, the health rule about satisfaction, whatever
      // KPI was picked.
      kpi: forecast ? 'backlog' : health ? 'csat' : kpi.value,
      rule: forecast
        ? { type: 'forecast_backlog', above: Number(above.value) }
        : health
          ? { type: 'account_at_risk', minValue: Number(minValue.value) }
          : type.value === 'baseline'
            ? { type: 'baseline', worseByPct: Number(worseBy.value) }
            : {
                type: 'threshold',
                op: op.value === '<' ? '<' : '>',
                value: toApi(kpi.value, Number(value.value)),
              },
      minSample: Number(minSample.value),
      cooldownMinutes: Number(cooldown.value),
      webhookUrl: webhook.value.trim(),
      businessHours: businessHours.checked,
    };
    message.textContent = t('ui.alerts.saving');
    actions.save(draft).catch((e: unknown) => {
      message.textContent = t('ui.alerts.invalid', {
        message: e instanceof Error ? e.message : String(e),
      });
    });
  });
  return form;
}
