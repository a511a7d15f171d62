import { dataTable, h, ticketLinkCell } from '../dom.js';
import { formatDuration, formatNumber, formatPercent } from '../format.js';
import type { Translator } from '../i18n.js';
import type {
  KpiEstimate,
  ReasonItem,
  ReasonsBy,
  ReasonsReport,
  ReasonTickets,
} from '../../../src/services/reasons/schemas.js';

export interface ReasonsHandlers {
  by: (by: ReasonsBy) => void;
  select: (item: ReasonItem) => void;
  download: () => void;
}

type Format = (value: number) => string;

/** A KPI with its 95 % interval underneath ("2 h · 1 h–3 h"), a dash when no ticket had one. */
function estimate(doc: Document, t: Translator, e: KpiEstimate, format: Format): HTMLElement {
  if (e.value === null) return h(doc, 'td', null, t('ui.common.none'));
  const interval =
    e.ci === null
      ? null
      : t('ui.reasons.interval', { low: format(e.ci.low), high: format(e.ci.high) });
  return h(
    doc,
    'td',
    { attrs: { title: t('ui.reasons.based_on', { n: e.n }) } },
    format(e.value),
    interval === null ? null : h(doc, 'div', { class: 'dp-muted' }, interval),
  );
}

function change(t: Translator, item: ReasonItem): string {
  if (item.change === null) return t('ui.reasons.new');
  const sign = item.change > 0 ? '+' : '';
  return `${sign}${formatPercent(t, item.change)}`;
}

/**
 * The reasons table: one row per contact reason or recurring problem, most costly first, with
 * volume, share, change on the previous period and each KPI with its interval. A row opens its
 * tickets.
 */
export function reasonsView(
  doc: Document,
  t: Translator,
  report: ReasonsReport,
  on: ReasonsHandlers,
): HTMLElement {
  const percent: Format = (v) => formatPercent(t, v);
  const number: Format = (v) => formatNumber(t, v);
  const duration: Format = (v) => formatDuration(t, v);
  const toggle = (by: ReasonsBy) =>
    h(
      doc,
      'button',
      {
        class: by === report.by ? 'dp-tab' : 'dp-link',
        attrs: { type: 'button', 'data-by': by, 'aria-pressed': String(by === report.by) },
        on: {
          click: () => {
            on.by(by);
          },
        },
      },
      t(`ui.reasons.by_${by}`),
    );
  const controls = h(
    doc,
    'div',
    { class: 'dp-controls' },
    toggle('reason'),
    toggle('problem'),
    h(
      doc,
      'button',
      {
        class: 'dp-link',
        attrs: { type: 'button', 'data-reasons-csv': '' },
        on: { click: on.download },
      },
      t('ui.reasons.download'),
    ),
  );
  if (report.items.length === 0) {
    return h(doc, 'div', null, controls, h(doc, 'p', { class: 'dp-muted' }, t('ui.reasons.none')));
  }
  const heads = [
    'name',
    'volume',
    'share',
    'change',
    'resolution',
    'resolved',
    'reopen',
    'one_touch',
    'csat',
    'ces',
    'interactions',
    'cost',
  ];
  const rows = report.items.map((item) =>
    h(
      doc,
      'tr',
      { attrs: { 'data-reason': item.key } },
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
                on.select(item);
              },
            },
          },
          item.key === 'unspecified' || item.key === 'ungrouped'
            ? t(`ui.reasons.${item.key}`)
            : item.label,
        ),
      ),
      h(doc, 'td', null, formatNumber(t, item.volume, 0)),
      h(doc, 'td', null, formatPercent(t, item.share)),
      h(doc, 'td', null, change(t, item)),
      estimate(doc, t, item.kpis.resolutionSeconds, duration),
      estimate(doc, t, item.kpis.resolutionRate, percent),
      estimate(doc, t, item.kpis.reopenRate, percent),
      estimate(doc, t, item.kpis.oneTouchRate, percent),
      estimate(doc, t, item.kpis.csat, percent),
      estimate(doc, t, item.kpis.ces, number),
      estimate(doc, t, item.kpis.interactionsPerTicket, number),
      h(
        doc,
        'td',
        null,
        t('ui.reasons.hours', { n: formatNumber(t, item.cost.resolutionHours, 0) }),
      ),
    ),
  );
  return h(
    doc,
    'div',
    null,
    controls,
    dataTable(
      doc,
      { class: 'dp-table' },
      heads.map((k) => t(`ui.reasons.col.${k}`)),
      rows,
    ),
  );
}

/** The tickets of one reason, each opening the ticket in Zendesk. */
export function reasonTicketsView(
  doc: Document,
  t: Translator,
  page: ReasonTickets,
  on: { openTicket: (id: string) => void; more: (() => void) | null },
): HTMLElement {
  if (page.tickets.length === 0) return h(doc, 'p', { class: 'dp-muted' }, t('ui.drilldown.none'));
  const rows = page.tickets.map((r) =>
    h(
      doc,
      'tr',
      null,
      ticketLinkCell(doc, r.ticketId, on.openTicket),
      h(doc, 'td', null, r.subject ?? t('ui.common.none')),
      h(doc, 'td', null, formatDuration(t, r.resolutionSeconds)),
      h(
        doc,
        'td',
        null,
        r.interactions === null ? t('ui.common.none') : formatNumber(t, r.interactions, 0),
      ),
    ),
  );
  const more =
    on.more === null
      ? null
      : h(
          doc,
          'button',
          { class: 'dp-link', attrs: { type: 'button' }, on: { click: on.more } },
          t('ui.drilldown.more'),
        );
  const heads = ['ticket', 'subject', 'resolution', 'interactions'];
  return h(
    doc,
    'div',
    null,
    dataTable(
      doc,
      { class: 'dp-table' },
      heads.map((k) => t(`ui.reasons.col.${k}`)),
      rows,
    ),
    more,
  );
}
