import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatChartDate, formatNumber } from '../format.js';
import type { Translator } from '../i18n.js';
import type { ForecastDocument } from '../../../src/services/forecast/schemas.js';

/** The chart's series: the actual backlog, then the forecast mean and its 80 % and 95 % bands. */
export function chartData(forecast: ForecastDocument): (number | null)[][] {
  const days = [...forecast.history.map((d) => d.date), ...forecast.daily.map((d) => d.date)];
  const past = forecast.history.length;
  const ahead = (pick: (d: ForecastDocument['daily'][number]) => number) => [
    ...forecast.history.map((d, i) => (i === past - 1 ? d.backlog : null)),
    ...forecast.daily.map(pick),
  ];
  return [
    days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000),
    [...forecast.history.map((d) => d.backlog), ...forecast.daily.map(() => null)],
    // The forecast lines start at the last actual day so the band joins the history.
    ahead((d) => d.backlog.mean),
    ahead((d) => d.backlog.p80.low),
    ahead((d) => d.backlog.p80.high),
    ahead((d) => d.backlog.p95.low),
    ahead((d) => d.backlog.p95.high),
  ];
}

/** Backlog history and forecast with its bands, drawn by uPlot on a canvas. */
export function drawForecast(container: HTMLElement, t: Translator, forecast: ForecastDocument) {
  const fmt = (v: number | null) => (v === null ? '' : formatNumber(t, v, 0));
  const band = (label: string, stroke: string, dash: number[]) => ({
    label,
    stroke,
    width: 1,
    dash,
    value: (_u: uPlot, v: number | null) => fmt(v),
  });
  return new uPlot(
    {
      width: Math.max(280, container.clientWidth),
      height: 220,
      series: [
        {
          label: t('ui.forecast.date'),
          value: (_u, v: number | null) => formatChartDate(t, v),
        },
        { label: t('ui.forecast.actual'), stroke: '#2f3941', width: 2, value: (_u, v) => fmt(v) },
        { label: t('ui.forecast.mean'), stroke: '#1f73b7', width: 2, value: (_u, v) => fmt(v) },
        band(t('ui.forecast.p80_low'), '#5293c7', [4, 4]),
        band(t('ui.forecast.p80_high'), '#5293c7', [4, 4]),
        band(t('ui.forecast.p95_low'), '#adcce4', [2, 4]),
        band(t('ui.forecast.p95_high'), '#adcce4', [2, 4]),
      ],
      bands: [
        { series: [4, 3], fill: 'rgba(31,115,183,0.18)' },
        { series: [6, 5], fill: 'rgba(31,115,183,0.08)' },
      ],
      axes: [
        { values: (_u, splits) => splits.map((v) => formatChartDate(t, v, true)) },
        { values: (_u, splits) => splits.map((v) => fmt(v)), size: 60 },
      ],
      legend: { live: true },
    },
    chartData(forecast) as uPlot.AlignedData,
    container,
  );
}
