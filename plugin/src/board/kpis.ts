import { formatDuration, formatNumber, formatPercent } from '../format.js';
import type { Translator } from '../i18n.js';

/** The KPIs the board API serves, with which direction is better (for colouring changes). */
export const KPIS = [
  'first_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'aht',
  'reopen_rate',
  'one_touch',
  'sla_attainment',
  'csat',
  'ces',
  'nps',
  'backlog',
] as const;

const HIGHER_IS_BETTER = new Set(['one_touch', 'sla_attainment', 'csat', 'ces', 'nps']);
const DURATIONS = new Set([
  'first_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'aht',
]);
const RATES = new Set(['reopen_rate', 'one_touch', 'sla_attainment', 'csat']);

/** The unit of a KPI where the API gives none (alert rules): seconds, ratio or a plain number. */
export function unitOf(kpi: string): 'seconds' | 'ratio' | 'number' {
  return DURATIONS.has(kpi) ? 'seconds' : RATES.has(kpi) ? 'ratio' : 'number';
}

/** Whole literal keys (the package validator scans for them), one per KPI. */
export function kpiLabel(t: Translator, kpi: string): string {
  switch (kpi) {
    case 'first_reply':
      return t('ui.kpi.first_reply');
    case 'first_resolution':
      return t('ui.kpi.first_resolution');
    case 'full_resolution':
      return t('ui.kpi.full_resolution');
    case 'requester_wait':
      return t('ui.kpi.requester_wait');
    case 'aht':
      return t('ui.kpi.aht');
    case 'reopen_rate':
      return t('ui.kpi.reopen_rate');
    case 'one_touch':
      return t('ui.kpi.one_touch');
    case 'sla_attainment':
      return t('ui.kpi.sla_attainment');
    case 'csat':
      return t('ui.kpi.csat');
    case 'ces':
      return t('ui.kpi.ces');
    case 'nps':
      return t('ui.kpi.nps');
    case 'backlog':
      return t('ui.kpi.backlog');
    default:
      return kpi;
  }
}

/** A KPI value in its unit: seconds as durations, ratios as percentages, the rest as numbers. */
export function formatValue(t: Translator, unit: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t('ui.common.none');
  if (unit === 'seconds') return formatDuration(t, value);
  if (unit === 'ratio' || unit === 'rate') return formatPercent(t, value);
  return formatNumber(t, value);
}

/**
 * Period-over-period change as a signed percentage with its meaning: `better`/`worse` depends on
 * whether the KPI should go up or down; null change (no previous period) gives no arrow at all.
 */
export function describeChange(
  t: Translator,
  kpi: string,
  change: number | null,
): { text: string; tone: 'better' | 'worse' | 'flat' } | null {
  if (change === null || !Number.isFinite(change)) return null;
  const pct = new Intl.NumberFormat(t.locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(change);
  if (Math.abs(change) < 0.005) return { text: t('ui.board.change_flat', { pct }), tone: 'flat' };
  const up = change > 0;
  const better = HIGHER_IS_BETTER.has(kpi) ? up : !up;
  return { text: t('ui.board.change', { pct }), tone: better ? 'better' : 'worse' };
}
