import { dataTable, h, linkButton, ticketLinkCell } from '../dom.js';
import type { Translator } from '../i18n.js';
import type { BoardKpi, Drilldown } from '../../../src/services/kpi/contracts.js';
import { formatValue, type Shown } from './kpis.js';

export interface DrilldownHandlers {
  explain: (ticketId: string) => void;
  openTicket: (ticketId: string) => void;
  more: (() => void) | null;
}

/** The tickets behind a number, each with a link to the ticket and to the events behind its value. */
export function drilldownView(
  doc: Document,
  t: Translator,
  k: Pick<BoardKpi, 'kpi'> & Shown,
  d: Drilldown,
  on: DrilldownHandlers,
): HTMLElement {
  // A backlog ticket's value is its age at the count instant, in seconds (API contract).
  const valueOf: Shown = k.kpi === 'backlog' ? { unit: 'seconds', display: { decimals: 0 } } : k;
  if (d.tickets.length === 0) return h(doc, 'p', { class: 'dp-muted' }, t('ui.drilldown.none'));
  const rows = d.tickets.map((r) =>
    h(
      doc,
      'tr',
      { attrs: { 'data-ticket': r.ticketId } },
      ticketLinkCell(doc, r.ticketId, on.openTicket),
      h(doc, 'td', null, formatValue(t, valueOf, r.value)),
      h(
        doc,
        'td',
        null,
        linkButton(
          doc,
          t('ui.drilldown.explain'),
          () => {
            on.explain(r.ticketId);
          },
          { 'data-explain': r.ticketId },
        ),
      ),
    ),
  );
  return h(
    doc,
    'div',
    null,
    dataTable(
      doc,
      { class: 'dp-table dp-drilldown' },
      [t('ui.drilldown.ticket'), t('ui.drilldown.value'), ''],
      rows,
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
