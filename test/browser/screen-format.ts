import type { Cell, Kpi } from './screen-expected.js';

/**
 * What the English board should print for a cell, written from the README/metrics.md display
 * rules (durations as their two largest units, rates as % with one decimal, changes relative in
 * % or absolute in points, always with one decimal) without the app's formatting code.
 */

const MEDIAN_DURATIONS: ReadonlySet<Kpi> = new Set([
  'first_resolution',
  'full_resolution',
  'first_reply',
  'requester_wait',
]);
const RATES: ReadonlySet<Kpi> = new Set([
  'reopen_rate',
  'csat',
  'one_touch',
  'sla_attainment',
  'resolution_rate',
]);
/** Counts headlined by their mean with one decimal. */
const MEAN_COUNTS: ReadonlySet<Kpi> = new Set(['ticket_volume', 'interactions_per_ticket']);
const NONE = '—';

export function duration(seconds: number | null): string {
  if (seconds === null) return NONE;
  const s = Math.round(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return m > 0 ? `${m} min` : `${s} s`;
}

export const percent = (fraction: number | null) =>
  fraction === null
    ? NONE
    : new Intl.NumberFormat('en', {
        style: 'percent',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(fraction);
const fixed = (value: number | null, decimals: number) =>
  value === null
    ? NONE
    : new Intl.NumberFormat('en', {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }).format(value);
const count = (n: number) => new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(n);

/** The statistic a KPI headlines (README: AHT and CES by their mean, backlog by its latest). */
export function headline(kpi: Kpi, c: Cell): number | null {
  if (MEDIAN_DURATIONS.has(kpi)) return c.median;
  if (kpi === 'aht' || kpi === 'ces' || MEAN_COUNTS.has(kpi)) return c.mean;
  if (kpi === 'nps') return c.score;
  if (kpi === 'backlog') return c.latest;
  return c.rate;
}

export function headlineText(kpi: Kpi, c: Cell): string {
  const value = headline(kpi, c);
  if (MEDIAN_DURATIONS.has(kpi) || kpi === 'aht') return duration(value);
  if (kpi === 'ces') return `${fixed(value, 2)} on 1–7`;
  if (kpi === 'nps' || kpi === 'backlog') return fixed(value, 0);
  if (MEAN_COUNTS.has(kpi)) return fixed(value, 1);
  return percent(value);
}

const countLabel = (kpi: Kpi) =>
  kpi === 'backlog' || kpi === 'ticket_volume'
    ? 'Days'
    : kpi === 'csat' || kpi === 'nps'
      ? 'Answers'
      : kpi === 'sla_attainment'
        ? 'SLA targets'
        : 'Tickets';

/** The tile's line under its headline. */
export function statsText(kpi: Kpi, c: Cell): string {
  if (MEDIAN_DURATIONS.has(kpi)) return `p90 ${duration(c.p90)} · n ${count(c.n)}`;
  if (kpi === 'aht')
    return `median ${duration(c.median)} · p90 ${duration(c.p90)} · n ${count(c.n)}`;
  if (kpi === 'ces') return `${percent(c.rate)} easy · n ${count(c.n)}`;
  if (kpi === 'ticket_volume') return `${count(c.total ?? 0)} created · ${count(c.n)} days`;
  if (kpi === 'resolution_rate') return `${count(c.solved ?? 0)} solved ÷ ${count(c.n)} created`;
  return `${countLabel(kpi)}: ${count(c.n)}`;
}

/** A slice table row's cells after the slice name, as the table prints them. */
export function rowTexts(kpi: Kpi, c: Cell, previous: Cell | null): string[] {
  const none = c.n === 0;
  const extra: string[] = [];
  if (MEDIAN_DURATIONS.has(kpi)) extra.push(none ? NONE : duration(c.p90));
  if (kpi === 'aht') extra.push(none ? NONE : duration(c.median), none ? NONE : duration(c.p90));
  if (kpi === 'ces') extra.push(none ? NONE : percent(c.rate));
  if (kpi === 'ticket_volume') extra.push(none ? NONE : count(c.total ?? 0));
  if (kpi === 'resolution_rate') extra.push(none ? NONE : count(c.solved ?? 0));
  return [
    none ? 'No data' : headlineText(kpi, c),
    ...extra,
    count(c.n),
    changeText(kpi, c, previous) ?? NONE,
  ];
}

/** The change line, or null when either period has no headline. */
export function changeText(kpi: Kpi, c: Cell, previous: Cell | null): string | null {
  const now = headline(kpi, c);
  const before = previous === null ? null : headline(kpi, previous);
  if (now === null || before === null) return null;
  const flat = 'No change vs previous period';
  const signed = (value: number, options: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat('en', { signDisplay: 'exceptZero', ...options }).format(value);
  if (RATES.has(kpi) || kpi === 'nps') {
    const points = RATES.has(kpi) ? (now - before) * 100 : now - before;
    if (Math.round(points * 10) === 0) return flat;
    return `${signed(points, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} pts vs previous period`;
  }
  if (before === 0) return null;
  const change = (now - before) / Math.abs(before);
  if (Math.round(change * 1000) === 0) return flat;
  return `${signed(change, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })} vs previous period`;
}
