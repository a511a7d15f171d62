import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatChartDate } from '../format.js';
import type { Translator } from '../i18n.js';
import type { BoardKpi, Trend } from '../../../src/services/kpi/contracts.js';
import { formatValue, headlineLabel, headlineValue } from './kpis.js';

/**
 * A KPI's headline statistic per day/week as a small line chart (uPlot draws on a canvas), with
 * the p90 beside it for durations.
 */
export function drawTrend(
  container: HTMLElement,
  t: Translator,
  k: Pick<BoardKpi, 'unit' | 'display' | 'headline'>,
  trend: Trend,
): uPlot {
  const xs = trend.points.map((p) => new Date(p.start).getTime() / 1000);
  const withP90 = k.unit === 'seconds';
  const main = trend.points.map((p) => headlineValue(k, p));
  const p90 = trend.points.map((p) => p.p90);
  const fmt = (v: number | null) => formatValue(t, k, v);
  const width = Math.max(280, container.clientWidth);
  return new uPlot(
    {
      width,
      height: 180,
      series: [
        {
          label: t('ui.board.time'),
          value: (_u, v: number | null) => formatChartDate(t, v),
        },
        {
          label: headlineLabel(t, k),
          stroke: '#1f73b7',
          width: 2,
          value: (_u, v) => fmt(v),
        },
        // Only durations have a p90 line; a rate's legend lists no empty one.
        ...(withP90
          ? [
              {
                label: t('ui.board.p90'),
                stroke: '#c72a1c',
                width: 1,
                dash: [4, 4],
                value: (_u: uPlot, v: number | null) => fmt(v),
              },
            ]
          : []),
      ],
      axes: [
        { values: (_u, splits) => splits.map((v) => formatChartDate(t, v, true)) },
        { values: (_u, splits) => splits.map((v) => fmt(v)), size: 96 },
      ],
      legend: { live: true },
    },
    withP90 ? [xs, main, p90] : [xs, main],
    container,
  );
}
