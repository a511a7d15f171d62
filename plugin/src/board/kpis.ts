import {
  CHANGE_DECIMALS,
  isKpiId,
  kpiSpec,
  type KpiDisplay,
  type KpiSpec,
  type KpiUnit,
} from '../../../src/metrics/kpi-registry.js';
import type { BoardKpi, CellStats } from '../../../src/services/kpi/contracts.js';
import { formatDuration } from '../format.js';
import type { Translator } from '../i18n.js';

/** What formatting a value needs from a KPI's registry entry. */
export interface Shown {
  unit: KpiUnit;
  display: Pick<KpiDisplay, 'decimals'>;
}
/** What describing a change needs, as the board document carries it for each KPI. */
export type Changing = Pick<BoardKpi, 'unit' | 'direction' | 'changeKind' | 'display'>;

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
    case 'ticket_volume':
      return t('ui.kpi.ticket_volume');
    case 'resolution_rate':
      return t('ui.kpi.resolution_rate');
    case 'interactions_per_ticket':
      return t('ui.kpi.interactions_per_ticket');
    default:
      return kpi;
  }
}

/** The registry's display rules of a KPI named by a string (alert rules), null if unknown. */
export function shownAs(kpi: string): Shown | null {
  return isKpiId(kpi) ? kpiSpec(kpi) : null;
}

/**
 * A value in its KPI's unit: durations as durations, fractions as percentages and scores or
 * counts as numbers, each with the registry's decimals; a dash when there is none.
 */
export function formatValue(t: Translator, kpi: Shown, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t('ui.common.none');
  const { decimals } = kpi.display;
  switch (kpi.unit) {
    case 'seconds':
      return formatDuration(t, value);
    case 'fraction':
      return new Intl.NumberFormat(t.locale, {
        style: 'percent',
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }).format(value);
    case 'score':
    case 'count':
      return new Intl.NumberFormat(t.locale, {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }).format(value);
  }
}

/** The statistic the KPI's registry entry headlines: the one its tile shows first. */
export function headlineValue(k: Pick<BoardKpi, 'headline'>, s: CellStats): number | null {
  switch (k.headline) {
    case 'median':
      return s.median;
    case 'mean':
      return s.mean;
    case 'rate':
      return s.rate ?? null;
    case 'score':
      return s.score ?? null;
    case 'latest':
      return s.latest ?? null;
  }
}

/**
 * The change of the headline from the previous period: a signed percentage when relative, signed
 * points when absolute (percentage points for fractions, NPS points for NPS). Its tone says
 * whether it is better or worse by the KPI's direction; no previous value gives no line at all.
 */
export function describeChange(
  t: Translator,
  k: Changing,
  change: number | null,
): { text: string; tone: 'better' | 'worse' | 'flat' } | null {
  if (change === null || !Number.isFinite(change)) return null;
  const signed = (value: number, options: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat(t.locale, {
      signDisplay: 'exceptZero',
      minimumFractionDigits: CHANGE_DECIMALS,
      maximumFractionDigits: CHANGE_DECIMALS,
      ...options,
    }).format(value);
  const scale = 10 ** CHANGE_DECIMALS;
  let pct: string;
  let shown: number;
  if (k.changeKind === 'relative') {
    pct = signed(change, { style: 'percent' });
    shown = Math.round(change * 100 * scale);
  } else {
    const points = k.unit === 'fraction' ? change * 100 : change;
    pct = t('ui.board.points', { value: signed(points, {}) });
    shown = Math.round(points * scale);
  }
  // Flat when the change rounds to zero at the precision it is printed with.
  if (shown === 0) return { text: t('ui.board.change_flat'), tone: 'flat' };
  const up = change > 0;
  const better = k.direction === 'higher_is_better' ? up : !up;
  return { text: t('ui.board.change', { pct }), tone: better ? 'better' : 'worse' };
}

/** What `n` counts for a KPI, as a column header and a tile label. */
export function countLabel(t: Translator, k: Pick<KpiSpec, 'display'>): string {
  switch (k.display.countOf) {
    case 'tickets':
      return t('ui.board.n');
    case 'answers':
      return t('ui.board.count_answers');
    case 'instances':
      return t('ui.board.count_instances');
    case 'days':
      return t('ui.board.count_days');
  }
}

/** The header of the headline column: Median, Mean, Rate, Score or Latest. */
export function headlineLabel(t: Translator, k: Pick<BoardKpi, 'headline'>): string {
  switch (k.headline) {
    case 'median':
      return t('ui.board.median');
    case 'mean':
      return t('ui.board.mean');
    case 'rate':
      return t('ui.board.rate');
    case 'score':
      return t('ui.board.score');
    case 'latest':
      return t('ui.board.latest');
  }
}
