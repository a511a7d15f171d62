import { CHANGE_DECIMALS } from '../../src/metrics/kpi-registry.js';
import type { Translator } from './i18n.js';

/**
 * A duration in seconds as the two largest units ("3 h 20 min", "2 d 4 h"), or a dash when unknown.
 * Negative values (an SLA already breached) keep their sign.
 */
export function formatDuration(t: Translator, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds))
    return t('ui.common.none');
  const sign = seconds < 0 ? '−' : '';
  const s = Math.round(Math.abs(seconds));
  const d = Math.floor(s / 86_400);
  const hr = Math.floor((s % 86_400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  let text: string;
  if (d > 0) text = join(t('ui.unit.days', { n: d }), hr > 0 ? t('ui.unit.hours', { n: hr }) : '');
  else if (hr > 0)
    text = join(t('ui.unit.hours', { n: hr }), min > 0 ? t('ui.unit.minutes', { n: min }) : '');
  else if (min > 0) text = t('ui.unit.minutes', { n: min });
  else text = t('ui.unit.seconds', { n: s });
  return sign + text;
}

/**
 * {@link formatDuration} held together by no-break spaces, for narrow places (the 320 px
 * sidebar), where a line must never break between a number and its unit ("1 d 9 / h").
 */
export function formatDurationWhole(t: Translator, seconds: number | null | undefined): string {
  return formatDuration(t, seconds).replace(/ /g, '\u00a0');
}

const join = (a: string, b: string) => (b === '' ? a : `${a} ${b}`);

/** A calendar date in the agent's locale, e.g. "12 Mar 2024". */
export function formatDate(t: Translator, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return t('ui.common.none');
  return new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium' }).format(date);
}

/**
 * A chart's date in the agent's locale, from uPlot's epoch seconds: the legend's (a dash while
 * the cursor is off the chart, when uPlot passes null) and the time axis's short "12 Oct" labels,
 * which uPlot would otherwise write the US way ("10/12").
 */
export function formatChartDate(t: Translator, seconds: number | null, short = false): string {
  if (seconds === null || !Number.isFinite(seconds)) return t('ui.common.none');
  // Chart instants stand for calendar days (UTC midnight or noon), so they are read in UTC.
  const options: Intl.DateTimeFormatOptions = short
    ? { day: 'numeric', month: 'short', timeZone: 'UTC' }
    : { dateStyle: 'medium', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(t.locale, options).format(new Date(seconds * 1000));
}

/** "5 minutes ago" style freshness, in the agent's language (Intl knows every locale). */
export function formatAgo(t: Translator, iso: string, now: number): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return t('ui.common.none');
  const seconds = Math.round((then - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(t.locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

export function formatNumber(t: Translator, value: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(t.locale, { maximumFractionDigits }).format(value);
}

/** A share as a percentage with the registry's one fixed decimal ("80.0 %", "−13.0 %"). */
export function formatPercent(t: Translator, ratio: number): string {
  return new Intl.NumberFormat(t.locale, {
    style: 'percent',
    minimumFractionDigits: CHANGE_DECIMALS,
    maximumFractionDigits: CHANGE_DECIMALS,
  }).format(ratio);
}

/** Seconds as a running clock, "1:02:03" or "02:03". */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const rest = `${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}
