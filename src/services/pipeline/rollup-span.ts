import { isDeepStrictEqual } from 'node:util';
import type { LocalDate } from '../../domain/index.js';
import type {
  RollupStore,
  StoredTicketMetrics,
  TicketMetricsQuery,
  TicketMetricsStore,
} from '../../store/store.js';
import { rollupInstants } from '../../metrics/rollup-instants.js';
import { LOOKBACK_DAYS, localDayRange, metricsPages } from './rollup-day.js';

type RollupReads = RollupStore & TicketMetricsStore;

const SPAN_PAGE = 5_000;

/**
 * Days per span at most. A span holds every ticket that counts on one of its days, so its days
 * bound a re-roll's memory: at 1M tickets a year, 16 days peaked at ~480 MB RSS, 4 at ~325 and
 * 2 at ~245, and 2 to 4 re-rolled a 16-day claim fastest (BENCHMARKS.md, round 29).
 */
export const SPAN_DAYS = 4;

/**
 * The claimed days in date order, cut into runs of consecutive days, at most `maxDays` each: each
 * run's tickets are read once for all its days by {@link spanStore}.
 */
export function consecutiveRuns(
  days: readonly LocalDate[],
  timeZone: string,
  maxDays = SPAN_DAYS,
): LocalDate[][] {
  const runs: LocalDate[][] = [];
  let previousEnd: number | null = null;
  for (const day of [...new Set(days)].sort()) {
    const { from, to } = localDayRange(day, timeZone);
    const run = runs.at(-1);
    if (run !== undefined && previousEnd === from && run.length < maxDays) run.push(day);
    else runs.push([day]);
    previousEnd = to;
  }
  return runs;
}

/**
 * The store rollupDay reads through while it recomputes a run of consecutive days: its
 * created-at (with the look-back) and last-solved-at windows are answered from rows read once for
 * the whole run instead of once per day, which made every ticket's metrics be read ~31 times per
 * re-roll. The rows are kept in the order the database returned them (ticket id order, in its
 * collation) and a page continues after the position of its `afterTicketId`, so an answer is the
 * rows the database itself would give, in its order (and the rollups' sums add in the same
 * order), less rows that add nothing to the run's days. Any other query (status-changed windows,
 * slices, other windows) goes to the store. Rows saved after this read mark their days again,
 * which re-rolls them later, as before.
 *
 * Only rows with a rollup instant inside the run are held: the others add nothing to its days'
 * rollups wherever they are read. The store itself leaves out the look-back's rows whose latest
 * rollup instant is before the run (`countsFrom`), so they are not even parsed; a query's own
 * `countsFrom` is not applied (the store may ignore it). A row read by both windows is held once
 * when the two reads are equal. At 1M tickets a year a 16-day span held ~175 MB of documents, a
 * span of SPAN_DAYS ~66 MB (BENCHMARKS.md, rounds 28 and 29).
 */
export async function spanStore<S extends RollupReads>(
  store: S,
  installationId: string,
  run: readonly LocalDate[],
  timeZone: string,
): Promise<S> {
  const first = run[0];
  const last = run.at(-1);
  if (first === undefined || last === undefined) return store;
  const from = localDayRange(first, timeZone).from;
  const to = localDayRange(last, timeZone).to;
  const createdFrom = from - LOOKBACK_DAYS * 86_400_000;
  const inRun = (row: StoredTicketMetrics) =>
    rollupInstants(row.metrics, row.dims.sla).some((at) => at >= from && at < to);
  // countsFrom: the store leaves out what counts only before the run (most of the look-back).
  const read = (field: 'created_at' | 'last_solved_at', start: number) =>
    readAll(store, installationId, { field, from: start, to, countsFrom: from }, inRun);
  const created = await read('created_at', createdFrom);
  const byId = new Map(created.map((row) => [row.metrics.ticketId, row]));
  const solved = (await read('last_solved_at', from)).map((row) => {
    const same = byId.get(row.metrics.ticketId);
    return same !== undefined && isDeepStrictEqual(same, row) ? same : row;
  });
  const answer = (query: TicketMetricsQuery): StoredTicketMetrics[] | null => {
    if (query.slice !== undefined && query.slice.dimension !== 'all') return null;
    const byCreated = query.field === 'created_at';
    if (!byCreated && query.field !== 'last_solved_at') return null;
    if (query.from < (byCreated ? createdFrom : from) || query.to > to) return null;
    const at = (row: StoredTicketMetrics) =>
      byCreated ? row.metrics.createdAt : row.metrics.lastSolvedAt;
    const rows = (byCreated ? created : solved).filter((row) => {
      const instant = at(row);
      return instant !== null && instant >= query.from && instant < query.to;
    });
    let start = 0;
    if (query.afterTicketId !== undefined) {
      const index = rows.findIndex((row) => row.metrics.ticketId === query.afterTicketId);
      if (index < 0) return null;
      start = index + 1;
    }
    return rows.slice(start, start + query.limit);
  };
  const span = Object.create(store) as S;
  span.queryTicketMetrics = (id, query) => {
    const rows = id === installationId ? answer(query) : null;
    return rows === null ? store.queryTicketMetrics(id, query) : Promise.resolve(rows);
  };
  return span;
}

async function readAll(
  store: RollupReads,
  installationId: string,
  window: Omit<TicketMetricsQuery, 'limit' | 'afterTicketId'>,
  keep: (row: StoredTicketMetrics) => boolean,
): Promise<StoredTicketMetrics[]> {
  const all: StoredTicketMetrics[] = [];
  for await (const row of metricsPages(store, installationId, window, SPAN_PAGE))
    if (keep(row)) all.push(row);
  return all;
}
