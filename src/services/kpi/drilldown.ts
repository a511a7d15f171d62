import { DEFAULT_REOPEN_WINDOW_DAYS } from '../../domain/defaults.js';
import { easierIsHigher } from '../../metrics/surveys.js';
import { ValidationError } from '../../errors.js';
import type { StoredTicketMetrics, TicketSliceDims } from '../../store/store.js';
import type { KpiDeps } from './board.js';
import { backlogDayEnds, openEndedSegments } from './backlog-stats.js';
import { dimensionOf, kpiDefinition } from './catalog.js';
import { decodeCursor, encodeCursor, type Cursor } from './cursor.js';
import { instantRange } from './range.js';
import type { Drilldown, DrilldownQuery, DrilldownTicket } from './schemas.js';
import { LOOKBACK_KPIS, LOOKBACK_MS, seenByRollup, ticketValue } from './ticket-values.js';

/** Store pages one call may scan before it returns what it found with a cursor. */
const MAX_SCANNED_PAGES = 20;

/**
 * The tickets behind one board cell, in ticket-id order with keyset pagination; each with its
 * value by the same rules as the rollups (ticket-values.ts). A page may hold fewer than `limit`
 * tickets when many scanned rows fall outside the cell; keep following `nextCursor` until null.
 */
export async function drilldown(
  deps: KpiDeps,
  installationId: string,
  query: DrilldownQuery,
): Promise<Drilldown> {
  const page = await cellTickets(deps, installationId, query);
  const names = await deps.store.listDisplayNames(installationId, {
    groupIds: page.tickets.flatMap((t) => (t.groupId === null ? [] : [t.groupId])),
    userIds: page.tickets.flatMap((t) => (t.assigneeId === null ? [] : [t.assigneeId])),
  });
  for (const t of page.tickets) {
    t.groupName = t.groupId === null ? null : (names.groups.get(t.groupId) ?? null);
    t.assigneeName = t.assigneeId === null ? null : (names.users.get(t.assigneeId) ?? null);
  }
  return page;
}

async function cellTickets(
  deps: KpiDeps,
  installationId: string,
  query: DrilldownQuery,
): Promise<Drilldown> {
  const def = kpiDefinition(query.kpi);
  const cursor = decodeCursor(query.cursor);
  switch (def.source.kind) {
    case 'unavailable':
      throw new ValidationError(`${query.kpi} has no tickets to list: ${def.source.reason}`);
    case 'sla':
      // One ticket holds several target instances (metrics, next-reply cycles), so a cell is
      // not a list of per-ticket values; the CSV export counts each ticket's instances instead.
      throw new ValidationError(
        `${query.kpi} counts SLA target instances, not tickets: drill-down lists tickets by one ` +
          'value each and is not available for it; export the range as CSV (sla_achieved, ' +
          'sla_breached per ticket)',
      );
    case 'resolution':
      // Solved ÷ created are two ticket sets, not one value per ticket; each has its own list.
      throw new ValidationError(
        `${query.kpi} divides the tickets solved in the range by those created in it, two ` +
          'different sets, so it has no one list of tickets: drill into ticket_volume for the ' +
          'created tickets, or into reopen_rate for the solved ones',
      );
    case 'ces':
    case 'nps':
      return surveyTickets(deps, installationId, query, cursor);
    case 'backlog':
      return backlogTickets(deps, installationId, query, cursor);
    default:
      return metricTickets(deps, installationId, query, cursor);
  }
}

function sliceOf(query: DrilldownQuery) {
  return query.slice === 'none'
    ? undefined
    : { dimension: dimensionOf(query.slice), value: query.sliceValue ?? '' };
}

function row(
  dims: TicketSliceDims,
  value: number | null,
  at: number,
  extra: Partial<DrilldownTicket> = {},
): DrilldownTicket {
  return {
    ticketId: dims.ticketId,
    value,
    at: new Date(at).toISOString(),
    status: dims.status,
    groupId: dims.groupId,
    groupName: null,
    assigneeId: dims.assigneeId,
    assigneeName: null,
    channel: dims.channel,
    ...extra,
  };
}

async function metricTickets(
  deps: KpiDeps,
  installationId: string,
  query: DrilldownQuery,
  cursor: Cursor,
): Promise<Drilldown> {
  const zone = deps.reportingTimeZone;
  const { start, end } = instantRange(query.from, query.to, zone);
  const lookback = LOOKBACK_KPIS.has(query.kpi);
  // Lookback KPIs: first the created-at scan, then tickets created before it but last solved in
  // range (the rollups' second window), so no ticket is listed twice.
  const phases: Cursor['phase'][] = lookback ? ['created', 'solved'] : ['solved'];
  const tickets: DrilldownTicket[] = [];
  let scanned = 0;
  for (const phase of phases.slice(resumeAt(cursor, phases))) {
    let after = phase === cursor.phase ? cursor.after : undefined;
    for (;;) {
      const page = await queryPage(deps, installationId, query, phase, after, start, end);
      for (const stored of page.rows) {
        after = stored.metrics.ticketId;
        const window = deps.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
        const hit = cellValue(stored, query, phase, { start, end, zone, lookback, window });
        if (hit !== null) tickets.push(hit);
        if (tickets.length === query.limit) {
          return { tickets, nextCursor: encodeCursor({ phase, after }) };
        }
      }
      scanned += 1;
      if (page.rows.length < page.size) break;
      if (scanned >= MAX_SCANNED_PAGES && after !== undefined) {
        return { tickets, nextCursor: encodeCursor({ phase, after }) };
      }
    }
  }
  return { tickets, nextCursor: null };
}

async function queryPage(
  deps: KpiDeps,
  installationId: string,
  query: DrilldownQuery,
  phase: Cursor['phase'],
  after: string | undefined,
  start: number,
  end: number,
): Promise<{ rows: StoredTicketMetrics[]; size: number }> {
  const size = Math.max(query.limit, 200);
  const slice = sliceOf(query);
  const rows = await deps.store.queryTicketMetrics(installationId, {
    field: phase === 'created' ? 'created_at' : 'last_solved_at',
    from: phase === 'created' ? start - LOOKBACK_MS : start,
    to: end,
    limit: size,
    ...(after === undefined ? {} : { afterTicketId: after }),
    ...(slice === undefined ? {} : { slice }),
  });
  return { rows, size };
}

function cellValue(
  stored: StoredTicketMetrics,
  query: DrilldownQuery,
  phase: Cursor['phase'],
  ctx: { start: number; end: number; zone: string; lookback: boolean; window: number },
): DrilldownTicket | null {
  const m = stored.metrics;
  // The solved scan of a lookback KPI only adds tickets the created scan could not see.
  if (ctx.lookback && phase === 'solved' && m.createdAt >= ctx.start - LOOKBACK_MS) return null;
  const hit = ticketValue(query.kpi, m, query.businessHours, ctx.window);
  if (hit === null || hit.at < ctx.start || hit.at >= ctx.end) return null;
  if (ctx.lookback && !seenByRollup(m, hit.at, ctx.zone)) return null;
  const d = stored.dims;
  const dims: TicketSliceDims = {
    ticketId: m.ticketId,
    status: m.status,
    groupId: d.groupId,
    assigneeId: d.assigneeId,
    channel: d.channel,
    brandId: d.brandId,
    tags: [...d.tags],
  };
  return row(dims, hit.value, hit.at);
}

async function surveyTickets(
  deps: KpiDeps,
  installationId: string,
  query: DrilldownQuery,
  cursor: Cursor,
): Promise<Drilldown> {
  resumeAt(cursor, ['survey']);
  const { start, end } = instantRange(query.from, query.to, deps.reportingTimeZone);
  const slice = sliceOf(query);
  const kind = query.kpi === 'ces' ? 'ces' : 'nps';
  const rows = await deps.store.listSurveyAnswers(installationId, {
    kinds: [kind],
    from: start,
    to: end,
    limit: query.limit,
    ...(cursor.after === undefined ? {} : { afterTicketId: cursor.after }),
    ...(slice === undefined ? {} : { slice }),
  });
  const tickets = rows.map(({ dims, response: r }) => {
    // CES values are direction-normalised (higher = easier), as on the board.
    const value = r.kind === 'ces' ? easierIsHigher(r) : r.value;
    return row(dims, value, r.respondedAt, {
      scale: `${String(r.scaleMin)}-${String(r.scaleMax)}`,
    });
  });
  const distinct = new Set(rows.map((r) => r.dims.ticketId));
  const last = rows.at(-1)?.dims.ticketId;
  const more = distinct.size === query.limit && last !== undefined;
  return { tickets, nextCursor: more ? encodeCursor({ phase: 'survey', after: last }) : null };
}

async function backlogTickets(
  deps: KpiDeps,
  installationId: string,
  query: DrilldownQuery,
  cursor: Cursor,
): Promise<Drilldown> {
  resumeAt(cursor, ['backlog']);
  const zone = deps.reportingTimeZone;
  const now = deps.now();
  const days = backlogDayEnds(query.from, query.to, zone, now);
  const last = days.at(-1);
  if (last === undefined) return { tickets: [], nextCursor: null };
  const at = last.endsAt;
  const slice = sliceOf(query);
  const tickets: DrilldownTicket[] = [];
  let after = cursor.after;
  for (let scanned = 0; scanned < MAX_SCANNED_PAGES; scanned += 1) {
    const size = Math.max(query.limit, 200);
    const candidates = await deps.store.listBacklogCandidates(installationId, {
      from: at - 1,
      to: at,
      limit: size,
      ...(after === undefined ? {} : { afterTicketId: after }),
      ...(slice === undefined ? {} : { slice }),
    });
    for (const c of candidates) {
      after = c.dims.ticketId;
      const segments = openEndedSegments(c);
      const open = segments.find((s) => s.from < at && at <= s.to);
      if (open === undefined || !UNSOLVED.has(open.status)) continue;
      // The value is the ticket's age in seconds at the count instant.
      const createdAt = segments[0]?.from ?? at;
      tickets.push(row({ ...c.dims, status: open.status }, (at - createdAt) / 1000, at));
      if (tickets.length === query.limit) {
        return { tickets, nextCursor: encodeCursor({ phase: 'backlog', after }) };
      }
    }
    if (candidates.length < size) return { tickets, nextCursor: null };
  }
  return {
    tickets,
    nextCursor: after === undefined ? null : encodeCursor({ phase: 'backlog', after }),
  };
}

/** Index of the phase to resume in; a cursor of another KPI's scan is bad input. */
function resumeAt(cursor: Cursor, phases: readonly Cursor['phase'][]): number {
  if (cursor.phase === 'start') return 0;
  const index = phases.indexOf(cursor.phase);
  if (index < 0) {
    throw new ValidationError('invalid cursor: it belongs to another KPI', [
      'cursor: issued for another KPI',
    ]);
  }
  return index;
}

const UNSOLVED: ReadonlySet<string> = new Set(['new', 'open', 'pending', 'hold']);
