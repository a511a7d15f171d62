import { emptyStats, groupBy } from './aggregate.js';
import { backlogDayEnds, backlogStats } from './backlog-stats.js';
import type { KpiDeps, PeriodData } from './board.js';
import { loadPeriods, periodCells } from './board.js';
import { kpiDefinition } from './catalog.js';
import { weekStart } from './range.js';
import type { CellStats, Trend, TrendPoint, TrendQuery } from './schemas.js';
import { daysOf } from './days.js';

/**
 * One KPI over time, in local days or weeks of the reporting zone (weeks start on Monday; the
 * first and last week hold only the range's days). Each point is computed like a board cell over
 * its own days — sketches merged per bucket, never averages of daily medians; a backlog point's
 * headline is the count at the bucket's last day end.
 */
export async function computeTrend(
  deps: KpiDeps,
  installationId: string,
  query: TrendQuery,
): Promise<Trend> {
  const def = kpiDefinition(query.kpi);
  const zone = deps.reportingTimeZone;
  const now = deps.now();
  const sliceValue = query.slice === 'none' ? '' : (query.sliceValue ?? '');
  const base = {
    kpi: query.kpi,
    granularity: query.granularity,
    businessHours: query.businessHours,
  };
  if (def.source.kind === 'unavailable') {
    return { ...base, unavailable: def.source.reason, points: [] };
  }
  const [data] = await loadPeriods(
    deps,
    installationId,
    query.slice,
    [def],
    [{ from: query.from, to: query.to }],
    sliceValue,
  );
  if (data === undefined) return { ...base, unavailable: null, points: [] };
  const bucketOf = (day: string) => (query.granularity === 'week' ? weekStart(day) : day);
  const days = daysOf(query.from, query.to);
  const buckets = groupBy(days, bucketOf);

  let backlogByBucket: Map<string, CellStats> | null = null;
  if (def.source.kind === 'backlog') {
    const days = backlogDayEnds(query.from, query.to, zone, now);
    const series =
      data.backlog.get(sliceValue) ??
      days.map((d) => ({ date: d.date, endsAt: d.endsAt, backlog: 0, actionable: 0 }));
    backlogByBucket = new Map(
      [...groupBy(series, (d) => bucketOf(d.date))].map(([start, list]) => [
        start,
        backlogStats(list),
      ]),
    );
  }
  const rollups = groupBy(data.rollups, (r) => bucketOf(r.day));
  const surveys = groupBy(data.surveys, (s) => bucketOf(s.day));
  const points: TrendPoint[] = [];
  for (const [start, bucketDays] of buckets) {
    let stats: CellStats | undefined;
    if (backlogByBucket !== null) {
      stats = backlogByBucket.get(start);
    } else {
      const bucket: PeriodData = {
        from: bucketDays[0] ?? start,
        to: bucketDays.at(-1) ?? start,
        days: backlogDayEnds(bucketDays[0] ?? start, bucketDays.at(-1) ?? start, zone, now).length,
        rollups: rollups.get(start) ?? [],
        surveys: surveys.get(start) ?? [],
        backlog: new Map(),
      };
      const cells = periodCells(def, bucket, query.businessHours);
      stats = cells.get(sliceValue);
    }
    points.push({ start, ...(stats ?? emptyStats()) });
  }
  return { ...base, unavailable: null, points };
}
