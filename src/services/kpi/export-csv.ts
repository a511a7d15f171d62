import { reopenedWithin } from '../../metrics/summary.js';
import { DEFAULT_REOPEN_WINDOW_DAYS } from '../../domain/defaults.js';
import type { Instant } from '../../domain/index.js';
import { slaOutcome, type SlaOutcome } from '../../metrics/sla.js';
import { latestCes } from '../../metrics/summary.js';
import type { Duration, TicketMetrics } from '../../metrics/types.js';
import type { DisplayNames, StoredTicketMetrics, TicketMetricsQuery } from '../../store/store.js';
import type { KpiDeps } from './board.js';
import { csvLine, type CsvValue } from './csv.js';
import { instantRange } from './range.js';
import type { ExportQuery } from './schemas.js';
import { LOOKBACK_MS } from './ticket-values.js';

const PAGE_SIZE = 500;

/** The export's columns, in order (README "KPI board and alerts" documents each). */
export const CSV_COLUMNS = [
  'ticket_id',
  'status',
  'created_at',
  'first_reply_at',
  'first_solved_at',
  'last_solved_at',
  'group_id',
  'assignee_id',
  'channel',
  'brand_id',
  'tags',
  'clock',
  'first_reply_seconds',
  'first_resolution_seconds',
  'full_resolution_seconds',
  'requester_wait_seconds',
  'reopens',
  'reopened',
  'agent_replies',
  'touch',
  'one_touch',
  'handle_time_seconds',
  'csat',
  'ces',
  'ces_scale',
  'nps',
  'sla_achieved',
  'sla_breached',
  'group_name',
  'assignee_name',
  'brand_name',
  'interactions',
] as const;

/** Names of one page's groups, assignees and brands (empty cell: the helpdesk named none). */
type PageNames = Pick<DisplayNames, 'groups' | 'users' | 'brands'>;

/**
 * The range's tickets as CSV lines (header first), one row per ticket, streamed page by page with
 * no row cap. A ticket is exported when any KPI event of it falls in the range: creation, first
 * reply, first or last solve, a survey answer, or an SLA target achieved or breached. Values use
 * the board's definitions; durations are on the clock `businessHours` picks (the `clock` column
 * says which); the SLA columns count the ticket's target instances decided in the range.
 */
export async function* exportCsv(
  deps: KpiDeps,
  installationId: string,
  query: ExportQuery,
): AsyncGenerator<string> {
  yield csvLine(CSV_COLUMNS);
  const window = deps.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
  const { start, end } = instantRange(query.from, query.to, deps.reportingTimeZone);
  const inRange = (at: Instant | null | undefined) =>
    at !== null && at !== undefined && at >= start && at < end;
  const now = deps.now();
  const row = (stored: StoredTicketMetrics, names: PageNames) => {
    const sla = slaOutcomesIn(stored, inRange, now);
    if (!counts(stored.metrics, inRange) && sla.length === 0) return null;
    const m = stored.metrics;
    return csvLine([
      ...rowOf(stored, query.businessHours, window, sla),
      ...namesOf(stored, names),
      // Appended after the names so existing column positions stay put for readers of the file.
      m.behaviour.customerMessages + m.agentReplies,
    ]);
  };
  // Pass 1 reads tickets created up to the rollups' lookback before the range; pass 2 adds those
  // created earlier but solved in range, skipping what pass 1 saw, so no ticket repeats.
  const early = start - LOOKBACK_MS;
  for await (const { stored, names } of pages(deps, installationId, {
    field: 'created_at',
    from: early,
    to: end,
  })) {
    const line = row(stored, names);
    if (line !== null) yield line;
  }
  for await (const { stored, names } of pages(deps, installationId, {
    field: 'last_solved_at',
    from: start,
    to: end,
  })) {
    const line = stored.metrics.createdAt < early ? row(stored, names) : null;
    if (line !== null) yield line;
  }
}

function namesOf({ dims }: StoredTicketMetrics, names: PageNames): CsvValue[] {
  const name = (map: Map<string, string>, id: string | null) =>
    id === null ? null : (map.get(id) ?? null);
  return [
    name(names.groups, dims.groupId),
    name(names.users, dims.assigneeId),
    name(names.brands, dims.brandId),
  ];
}

function counts(m: TicketMetrics, inRange: (at: Instant | null | undefined) => boolean): boolean {
  if (m.isMerged || m.status === 'deleted') return false;
  return (
    inRange(m.createdAt) ||
    inRange(m.explanation.firstReply?.to) ||
    inRange(m.firstSolvedAt) ||
    inRange(m.lastSolvedAt) ||
    m.surveys.some((s) => inRange(s.respondedAt))
  );
}

/** The ticket's SLA outcomes (as of `now`) whose deciding instant is in the range. */
function slaOutcomesIn(
  { metrics: m, dims }: StoredTicketMetrics,
  inRange: (at: Instant) => boolean,
  now: Instant,
): SlaOutcome[] {
  if (m.isMerged || m.status === 'deleted') return [];
  const outcomes: SlaOutcome[] = [];
  for (const times of dims.sla ?? []) {
    const outcome = slaOutcome(times, now);
    if (outcome !== null && inRange(outcome.at)) outcomes.push(outcome);
  }
  return outcomes;
}

function rowOf(
  { metrics: m, dims }: StoredTicketMetrics,
  business: boolean,
  reopenWindowDays: number,
  sla: readonly SlaOutcome[],
): CsvValue[] {
  const clock = (d: Duration) => (business ? d.business : d.calendar);
  const iso = (at: Instant | null | undefined) =>
    at === null || at === undefined ? null : new Date(at).toISOString();
  const ces = latestSurvey(m, 'ces');
  const nps = latestSurvey(m, 'nps');
  const solved = m.lastSolvedAt !== null;
  return [
    m.ticketId,
    m.status,
    iso(m.createdAt),
    iso(m.explanation.firstReply?.to),
    iso(m.firstSolvedAt),
    iso(m.lastSolvedAt),
    dims.groupId,
    dims.assigneeId,
    dims.channel,
    dims.brandId,
    dims.tags.join(' '),
    business ? 'business' : 'calendar',
    clock(m.firstReply),
    clock(m.firstResolution),
    clock(m.fullResolution),
    clock(m.requesterWait),
    m.reopens.length,
    solved ? Number(reopenedWithin(m, reopenWindowDays)) : null,
    m.agentReplies,
    m.touch,
    m.touch === null ? null : Number(m.touch === 'one_touch'),
    m.handleTimeSeconds,
    m.satisfaction,
    latestCes(m.surveys),
    ces === null ? null : `${String(ces.scaleMin)}-${String(ces.scaleMax)} ${ces.direction}`,
    nps?.value ?? null,
    sla.filter((o) => o.achieved).length,
    sla.filter((o) => !o.achieved).length,
  ];
}

function latestSurvey(m: TicketMetrics, kind: 'ces' | 'nps') {
  let latest: TicketMetrics['surveys'][number] | null = null;
  for (const s of m.surveys) {
    if (s.kind === kind && (latest === null || s.respondedAt >= latest.respondedAt)) latest = s;
  }
  return latest;
}

async function* pages(
  deps: KpiDeps,
  installationId: string,
  window: Omit<TicketMetricsQuery, 'limit'>,
): AsyncGenerator<{ stored: StoredTicketMetrics; names: PageNames }> {
  let after: string | undefined;
  for (;;) {
    const rows = await deps.store.queryTicketMetrics(installationId, {
      ...window,
      limit: PAGE_SIZE,
      ...(after === undefined ? {} : { afterTicketId: after }),
    });
    // One name lookup per page keeps the export streaming at a round trip per 500 tickets.
    const ids = (pick: (d: StoredTicketMetrics['dims']) => string | null) =>
      rows.flatMap(({ dims }) => {
        const id = pick(dims);
        return id === null ? [] : [id];
      });
    const names = await deps.store.listDisplayNames(installationId, {
      groupIds: ids((d) => d.groupId),
      userIds: ids((d) => d.assigneeId),
      brandIds: ids((d) => d.brandId),
    });
    for (const stored of rows) yield { stored, names };
    if (rows.length < PAGE_SIZE) return;
    after = rows.at(-1)?.metrics.ticketId;
  }
}
