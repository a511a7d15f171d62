import { dataTable, h } from '../dom.js';
import { formatDate, formatNumber, formatPercent } from '../format.js';
import type { Translator } from '../i18n.js';
import type { ForecastDocument } from '../../../src/services/forecast/schemas.js';

type Band = ForecastDocument['daily'][number]['backlog'];
type Accuracy = ForecastDocument['backtest']['created'];

const SERIES = ['created', 'solved', 'backlog'] as const;

/** "42 (35–50)": the mean and its 80 % interval, whole tickets. */
export function bandText(t: Translator, band: Band): string {
  const n = (v: number) => formatNumber(t, v, 0);
  return `${n(band.mean)} (${n(band.p80.low)}–${n(band.p80.high)})`;
}

/** How far to trust the forecast: MAPE and coverage of each series over the backtest. */
export function accuracyView(
  doc: Document,
  t: Translator,
  forecast: ForecastDocument,
): HTMLElement {
  const { backtest } = forecast;
  const cell = (a: Accuracy) =>
    a.points === 0
      ? t('ui.common.none')
      : t('ui.forecast.accuracy_cell', {
          // MAPE is in percent points; printed with the one percentage rule of the board.
          mape: a.mape === null ? t('ui.common.none') : formatPercent(t, a.mape / 100),
          c80: a.coverage80 === null ? t('ui.common.none') : formatPercent(t, a.coverage80),
          c95: a.coverage95 === null ? t('ui.common.none') : formatPercent(t, a.coverage95),
        });
  return h(
    doc,
    'div',
    { class: 'dp-forecast-accuracy' },
    h(
      doc,
      'p',
      null,
      t('ui.forecast.accuracy', { weeks: backtest.weeks, origins: backtest.origins }),
    ),
    h(
      doc,
      'ul',
      null,
      ...SERIES.map((s) => h(doc, 'li', null, `${t(`ui.forecast.${s}`)}: ${cell(backtest[s])}`)),
    ),
  );
}

/** The 14 days: created, solved and backlog with their 80 % intervals; holidays marked. */
export function dailyTable(doc: Document, t: Translator, forecast: ForecastDocument): HTMLElement {
  return dataTable(
    doc,
    { class: 'dp-table dp-forecast-table' },
    [
      t('ui.forecast.date'),
      ...SERIES.map((s) => t(`ui.forecast.${s}`)),
      t('ui.forecast.backlog_95'),
    ],
    forecast.daily.map((day) =>
      h(
        doc,
        'tr',
        day.isHoliday ? { class: 'dp-holiday' } : null,
        h(
          doc,
          'td',
          null,
          formatDate(t, `${day.date}T12:00:00Z`),
          day.isHoliday ? ` · ${t('ui.forecast.holiday')}` : null,
        ),
        ...SERIES.map((s) => h(doc, 'td', null, bandText(t, day[s]))),
        h(
          doc,
          'td',
          null,
          `${formatNumber(t, day.backlog.p95.low, 0)}–${formatNumber(t, day.backlog.p95.high, 0)}`,
        ),
      ),
    ),
  );
}
