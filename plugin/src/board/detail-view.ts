import { h } from '../dom.js';
import { formatDate } from '../format.js';
import type { Translator } from '../i18n.js';
import type { Alert, Drilldown } from '../types.js';
import { formatValue, kpiLabel, unitOf } from './kpis.js';

export interface DrilldownHandlers {
  explain: (ticketId: string) => void;
  openTicket: (ticketId: string) => void;
  more: (() => void) | null;
}

/** The tickets behind a number, each with a link to the ticket and to the events behind its value. */
export function drilldownView(
  doc: Document,
  t: Translator,
  unit: string,
  d: Drilldown,
  on: DrilldownHandlers,
): HTMLElement {
  if (d.tickets.length === 0) return h(doc, 'p', { class: 'dp-muted' }, t('ui.drilldown.none'));
  const rows = d.tickets.map((r) =>
    h(
      doc,
      'tr',
      null,
      h(
        doc,
        'td',
        null,
        h(
          doc,
          'button',
          {
            class: 'dp-link',
            attrs: { type: 'button' },
            on: {
              click: () => {
                on.openTicket(r.ticketId);
              },
            },
          },
          `#${r.ticketId}`,
        ),
      ),
      h(doc, 'td', null, formatValue(t, unit, r.value)),
      h(
        doc,
        'td',
        null,
        h(
          doc,
          'button',
          {
            class: 'dp-link',
            attrs: { type: 'button', 'data-explain': r.ticketId },
            on: {
              click: () => {
                on.explain(r.ticketId);
              },
            },
          },
          t('ui.drilldown.explain'),
        ),
      ),
    ),
  );
  return h(
    doc,
    'div',
    null,
    h(
      doc,
      'table',
      { class: 'dp-table' },
      h(
        doc,
        'thead',
        null,
        h(
          doc,
          'tr',
          null,
          ...[t('ui.drilldown.ticket'), t('ui.drilldown.value'), ''].map((c) =>
            h(doc, 'th', { attrs: { scope: 'col' } }, c),
          ),
        ),
      ),
      h(doc, 'tbody', null, ...rows),
    ),
    on.more === null
      ? null
      : h(
          doc,
          'button',
          { class: 'dp-button', attrs: { type: 'button' }, on: { click: on.more } },
          t('ui.drilldown.more'),
        ),
  );
}

/** Configured alerts with the last time each fired. */
export function alertsView(doc: Document, t: Translator, alerts: Alert[]): HTMLElement {
  if (alerts.length === 0) return h(doc, 'p', { class: 'dp-muted' }, t('ui.alerts.none'));
  return h(
    doc,
    'ul',
    { class: 'dp-list dp-alerts' },
    ...alerts.map((a) =>
      h(
        doc,
        'li',
        null,
        h(doc, 'strong', null, kpiLabel(t, a.kpi)),
        ' ',
        a.rule.type === 'threshold'
          ? t('ui.alerts.threshold', {
              op: a.rule.op,
              value: formatValue(t, unitOf(a.kpi), a.rule.value),
            })
          : t('ui.alerts.baseline', { pct: a.rule.worseByPct }),
        h(
          doc,
          'span',
          { class: 'dp-hint' },
          ` · ${a.lastFiredAt === null ? t('ui.alerts.never_fired') : t('ui.alerts.last_fired', { when: formatDate(t, a.lastFiredAt) })}`,
        ),
      ),
    ),
  );
}
