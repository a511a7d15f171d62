import type { BoardKpi, Trend } from '../../../src/services/kpi/contracts.js';
import { dataTable, h } from '../dom.js';
import { formatChartDate, formatNumber } from '../format.js';
import type { Translator } from '../i18n.js';
import { countLabel, formatValue, headlineLabel, headlineValue } from './kpis.js';

/**
 * The trend's points as a table under the chart, folded by default: a canvas says nothing to a
 * screen reader, and a team lead may want the exact value of one day. Same columns as the chart's
 * legend (the headline, p90 for durations) plus what `n` counts.
 */
export function trendTable(
  doc: Document,
  t: Translator,
  k: Pick<BoardKpi, 'unit' | 'display' | 'headline'>,
  trend: Trend,
): HTMLElement {
  const withP90 = k.unit === 'seconds';
  const header = [
    t('ui.board.time'),
    headlineLabel(t, k),
    ...(withP90 ? [t('ui.board.p90')] : []),
    countLabel(t, k),
  ];
  const rows = trend.points.map((p) =>
    h(
      doc,
      'tr',
      { attrs: { 'data-start': p.start } },
      h(doc, 'th', { attrs: { scope: 'row' } }, formatChartDate(t, Date.parse(p.start) / 1000)),
      h(doc, 'td', null, p.n === 0 ? t('ui.common.none') : formatValue(t, k, headlineValue(k, p))),
      ...(withP90
        ? [h(doc, 'td', null, p.n === 0 ? t('ui.common.none') : formatValue(t, k, p.p90))]
        : []),
      h(doc, 'td', null, formatNumber(t, p.n, 0)),
    ),
  );
  return h(
    doc,
    'details',
    { class: 'dp-trend-data' },
    h(doc, 'summary', null, t('ui.board.trend_table')),
    dataTable(doc, { class: 'dp-table' }, header, rows),
  );
}
