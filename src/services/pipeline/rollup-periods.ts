import { encodeSketchPart } from '../../metrics/sketch-parts.js';
import { mergeToRun, type SketchPart } from '../../metrics/sketch.js';
import type { KpiRollup, PeriodRollupRow, PeriodRollupStore } from '../../store/store.js';
import { periodEnd } from '../kpi/period-cover.js';

/**
 * Points a weekly or monthly sketch keeps (twice a day's 128). A period whose days' points fit is
 * stored losslessly (every point with its weight), so reading it gives the same quantiles, bit for
 * bit, as reading its days; a larger one is compressed to this many weighted quantiles, which
 * adds at most about 1 / 256 of rank error on top of the days' own.
 */
export const PERIOD_SKETCH_POINTS = 256;

/**
 * Rebuilds every stale week and month of an installation from its daily rollups (run by the
 * rollups drain after the days it recomputed, and by anything that loads daily rollups in bulk).
 * Returns how many periods were rebuilt.
 */
export async function refreshPeriodRollups(
  store: PeriodRollupStore,
  installationId: string,
): Promise<number> {
  const stale = await store.listStalePeriods(installationId);
  for (const period of stale) {
    const days = await store.listRollupsOfDays(installationId, {
      from: period.startDay,
      to: periodEnd(period.period, period.startDay),
    });
    await store.replacePeriodRollups(installationId, period, mergePeriodRows(days));
  }
  return stale.length;
}

/**
 * One merged row per dimension, value and metric of a period's daily rows (which must come
 * grouped by dimension, value and metric, oldest day first): totals summed in day order and each
 * clock's sketches merged with {@link mergeToRun}.
 */
export function mergePeriodRows(days: readonly KpiRollup[]): PeriodRollupRow[] {
  const rows: PeriodRollupRow[] = [];
  let group: KpiRollup[] = [];
  const flush = () => {
    const first = group[0];
    if (first === undefined) return;
    const row: PeriodRollupRow = {
      dimension: first.dimension,
      dimensionValue: first.dimensionValue,
      metric: first.metric,
      n: 0,
      nBusiness: 0,
      sum: 0,
      sumBusiness: 0,
      sketchCalendar: Buffer.alloc(0),
      sketchBusiness: Buffer.alloc(0),
    };
    const calendar: SketchPart[] = [];
    const business: SketchPart[] = [];
    for (const day of group) {
      row.n += day.n;
      row.nBusiness += day.nBusiness;
      row.sum += day.sum;
      row.sumBusiness += day.sumBusiness;
      calendar.push({ n: day.n, values: day.sketch.calendar, weights: null });
      business.push({ n: day.nBusiness, values: day.sketch.business, weights: null });
    }
    row.sketchCalendar = encodeSketchPart(mergeToRun(calendar, PERIOD_SKETCH_POINTS));
    row.sketchBusiness = encodeSketchPart(mergeToRun(business, PERIOD_SKETCH_POINTS));
    rows.push(row);
    group = [];
  };
  for (const day of days) {
    const first = group[0];
    if (
      first !== undefined &&
      (first.dimension !== day.dimension ||
        first.dimensionValue !== day.dimensionValue ||
        first.metric !== day.metric)
    ) {
      flush();
    }
    group.push(day);
  }
  flush();
  return rows;
}
