import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDate } from '../format.js';
import type { Translator } from '../i18n.js';
import type { Trend } from '../types.js';
import { formatValue } from './kpis.js';

/** Median and p90 of a KPI per day/week as a small line chart (uPlot draws on a canvas). */
export function drawTrend(
  container: HTMLElement,
  t: Translator,
  unit: string,
  trend: Trend,
): uPlot {
  const xs = trend.points.map((p) => new Date(p.start).getTime() / 1000);
  const useRate = trend.points.some((p) => p.rate !== undefined && p.rate !== null);
  const main = trend.points.map((p) => (useRate ? (p.rate ?? null) : p.median));
  const p90 = trend.points.map((p) => (useRate ? null : p.p90));
  const fmt = (v: number | null) => formatValue(t, useRate ? 'ratio' : unit, v);
  const width = Math.max(280, container.clientWidth);
  return new uPlot(
    {
      width,
      height: 180,
      series: [
        {
          label: t('ui.board.time'),
          value: (_u, v) => formatDate(t, new Date(v * 1000).toISOString()),
        },
        {
          label: useRate ? t('ui.board.rate') : t('ui.board.median'),
          stroke: '#1f73b7',
          width: 2,
          value: (_u, v) => fmt(v),
        },
        {
          label: t('ui.board.p90'),
          stroke: '#c72a1c',
          width: 1,
          dash: [4, 4],
          show: !useRate,
          value: (_u, v) => fmt(v),
        },
      ],
      axes: [{}, { values: (_u, splits) => splits.map((v) => fmt(v)), size: 96 }],
      legend: { live: true },
    },
    [xs, main, p90],
    container,
  );
}
