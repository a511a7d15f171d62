import type { Band } from '../../metrics/forecast.js';
import { csvLine } from '../kpi/csv.js';
import type { ForecastDocument } from './schemas.js';

const SERIES = ['created', 'solved', 'backlog'] as const;

const HEADER = [
  'kind',
  'date',
  'hour',
  'series',
  'actual',
  'mean',
  'p80_low',
  'p80_high',
  'p95_low',
  'p95_high',
];

/**
 * The forecast as CSV: one row per day (or day and hour) and series; history rows carry the
 * actual count, forecast rows the mean and both intervals, so a spreadsheet can chart either.
 */
export function forecastCsv(doc: ForecastDocument): string {
  const lines = [csvLine(HEADER)];
  for (const day of doc.history) {
    for (const series of SERIES) {
      lines.push(
        csvLine(['history', day.date, null, series, day[series], null, null, null, null, null]),
      );
    }
  }
  for (const day of doc.daily) {
    for (const series of SERIES) lines.push(bandLine('daily', day.date, null, series, day[series]));
  }
  for (const hour of doc.hourly) {
    for (const series of SERIES) {
      lines.push(bandLine('hourly', hour.date, hour.hour, series, hour[series]));
    }
  }
  return lines.join('');
}

function bandLine(kind: string, date: string, hour: number | null, series: string, band: Band) {
  const round = (v: number) => Math.round(v * 100) / 100;
  return csvLine([
    kind,
    date,
    hour,
    series,
    null,
    round(band.mean),
    round(band.p80.low),
    round(band.p80.high),
    round(band.p95.low),
    round(band.p95.high),
  ]);
}
