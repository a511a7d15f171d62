import type { ReasonTicketRow } from '../../store/store.js';
import { rangeDays } from '../kpi/schemas.js';
import { bucketKpis } from './bucket-kpis.js';
import { loadBuckets, weekIndex, type Buckets, type ReasonsDeps } from './buckets.js';
import type { ReasonItem, ReasonsQuery, ReasonsReport } from './schemas.js';

const EXAMPLES = 3;

/**
 * Why customers got in touch in the range: one item per contact reason (or recurring problem)
 * with its volume, share, trend against the previous period and weekly counts, its KPIs with
 * 95 % intervals, and what it cost — ranked by total resolution hours, the time customers spent
 * waiting for answers, then by total effort.
 */
export async function computeReasons(
  deps: ReasonsDeps,
  installationId: string,
  query: ReasonsQuery,
): Promise<ReasonsReport> {
  const buckets = await loadBuckets(deps, installationId, query);
  const current = new Map<string, ReasonTicketRow[]>();
  const before = new Map<string, number>();
  let tickets = 0;
  for (const row of buckets.rows) {
    const key = buckets.keyOf(row);
    if (row.ticket.createdAt >= buckets.start) {
      tickets += 1;
      const list = current.get(key) ?? [];
      list.push(row);
      current.set(key, list);
    } else {
      before.set(key, (before.get(key) ?? 0) + 1);
    }
  }
  const days = rangeDays(query.from, query.to);
  const items = [...current].map(([key, rows]) =>
    itemOf(key, rows, before.get(key) ?? 0, tickets, days, buckets, deps, query),
  );
  items.sort(
    (a, b) =>
      b.cost.resolutionHours - a.cost.resolutionHours ||
      b.cost.effortPoints - a.cost.effortPoints ||
      b.volume - a.volume ||
      a.key.localeCompare(b.key),
  );
  return {
    from: query.from,
    to: query.to,
    by: query.by,
    businessHours: query.businessHours,
    previous: buckets.previous,
    tickets,
    items,
  };
}

function itemOf(
  key: string,
  rows: ReasonTicketRow[],
  previousVolume: number,
  total: number,
  days: number,
  buckets: Buckets,
  deps: ReasonsDeps,
  query: ReasonsQuery,
): ReasonItem {
  const weekly = new Array<number>(Math.ceil(days / 7)).fill(0);
  let resolutionSeconds = 0;
  let effortPoints = 0;
  for (const { ticket, stored } of rows) {
    const week = weekIndex(query.from, ticket.createdAt, deps.reportingTimeZone);
    weekly[week] = (weekly[week] ?? 0) + 1;
    const full = stored?.metrics.fullResolution;
    resolutionSeconds += (query.businessHours ? full?.business : full?.calendar) ?? 0;
    effortPoints += stored?.dims.effortScore ?? 0;
  }
  const group = buckets.groups.get(key);
  const terms = group?.terms ?? [];
  return {
    key,
    label: terms.length > 0 ? terms.join(' · ') : key,
    terms,
    // Rows come oldest first, so the reasons' examples are the newest tickets.
    exampleTicketIds:
      group?.exampleIds ??
      rows
        .slice(-EXAMPLES)
        .map((r) => r.ticket.id)
        .reverse(),
    volume: rows.length,
    volumePerDay: rows.length / days,
    share: total > 0 ? rows.length / total : 0,
    previousVolume,
    change: previousVolume > 0 ? (rows.length - previousVolume) / previousVolume : null,
    weekly,
    kpis: bucketKpis(rows, query.businessHours),
    cost: { resolutionHours: resolutionSeconds / 3600, effortPoints },
  };
}
