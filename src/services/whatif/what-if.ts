import { performance } from 'node:perf_hooks';
import { MAX_REPORT_DATE, MIN_REPORT_DATE, type Instant } from '../../domain/index.js';
import { NotFoundError } from '../../errors.js';
import type { TicketStore, TimelineColumns } from '../../store/store.js';
import { instantRange } from '../kpi/range.js';
import { sliceNames } from '../kpi/slice-names.js';
import { calendarSetFor } from '../pipeline/analyze-ticket.js';
import { slaPolicyOf } from '../sidebar/settings.js';
import { ReplayTally } from './accumulate.js';
import type { Flip, WhatIfReport, WhatIfRequest, WhatIfSlice } from './contracts.js';
import { FlipList, noteFlips } from './flips.js';
import { proposedSettings } from './proposal.js';
import { createReplayer } from './replay.js';

/** What a what-if replay needs. */
export interface WhatIfDeps {
  store: Pick<
    TicketStore,
    'getInstallation' | 'listSchedules' | 'readTimelineColumns' | 'listDisplayNames'
  >;
  /** IANA zone of the range's dates and of the months (REPORTING_TIME_ZONE). */
  reportingTimeZone: string;
  now: () => number;
  /** Tickets per store read (default 5,000). */
  batchSize?: number;
}

/**
 * Recomputes the installation's stored history (tickets created in the range, whole history by
 * default) under the proposal with the pure engine, beside the values the analysis stored:
 * SLA attainment per metric and priority, business-hours durations, overall, per creation month
 * and per slice value, and the tickets whose SLA outcome flips. Nothing is written.
 */
export async function whatIf(
  deps: WhatIfDeps,
  installationId: string,
  request: WhatIfRequest,
): Promise<WhatIfReport> {
  const started = performance.now();
  const installation = await deps.store.getInstallation(installationId);
  if (installation === null) throw new NotFoundError(`no installation ${installationId}`);
  const settings = proposedSettings(request.proposal, {
    slaPolicy: slaPolicyOf(installation.settings),
    schedules: await deps.store.listSchedules(installationId),
  });
  // A key of its own: the pipeline's cache must never hand a proposal's calendar to an analysis.
  const calendars = calendarSetFor(`whatif:${installationId}`, settings.schedules);
  const range = request.range ?? { from: MIN_REPORT_DATE, to: MAX_REPORT_DATE };
  const { start, end } = instantRange(range.from, range.to, deps.reportingTimeZone);
  const asOf = deps.now();
  const tally = new ReplayTally();
  const monthOf = monthKeys(deps.reportingTimeZone);
  const replayer = createReplayer({ calendars, slaPolicy: settings.slaPolicy });
  const flips = { total: 0, achievedToBreached: 0, breachedToAchieved: 0, tickets: [] as Flip[] };
  const listed = new FlipList(request.flipLimit);
  const read = (after: string) => {
    const batch = deps.store.readTimelineColumns(installationId, {
      start,
      end,
      after,
      limit: deps.batchSize ?? 5_000,
    });
    // Awaited on the next turn; a replay that throws first must not leave it unhandled.
    batch.catch(() => undefined);
    return batch;
  };
  // The next batch is read while this one replays: the database and the engine work at once.
  let next = read('');
  for (;;) {
    const columns = await next;
    const last = columns.ticketIds.at(-1);
    if (last === undefined) break;
    next = read(last);
    const batch = replayer.replay(columns, asOf);
    const sliceOf = request.slice === undefined ? null : sliceColumn(columns, request.slice);
    for (let i = 0; i < batch.tickets; i += 1) {
      const slice = sliceOf === null ? null : (sliceOf[i] ?? '');
      tally.add(batch, i, monthOf(columns.createdAt[i] ?? 0), slice);
      noteFlips(flips, listed, columns.ticketIds[i] ?? '', batch, i);
    }
  }
  flips.tickets = listed.first();
  const slices = tally.sliceResults();
  // Priorities are named by the app (its own translated labels); ids by their synced names.
  const names =
    request.slice === undefined || request.slice === 'priority'
      ? new Map<string, string>()
      : await sliceNames(deps.store, installationId, request.slice, slices.keys());
  return {
    asOf: new Date(asOf).toISOString(),
    range,
    overall: tally.overallResult(),
    months: [...tally.monthResults()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, c]) => ({ month, ...c })),
    slices: [...slices]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([value, c]) => ({ value, name: names.get(value) ?? null, ...c })),
    flips,
    replaySeconds: (performance.now() - started) / 1000,
  };
}

/**
 * The local month (YYYY-MM) of an instant. Every zone's offset is under a day, so the local month
 * is the UTC month or a neighbour: one comparison with each month's cached local start decides.
 */
function monthKeys(timeZone: string): (at: Instant) => string {
  const starts = new Map<number, Instant>();
  const label = (index: number) =>
    `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
  const startOf = (index: number): Instant => {
    let start = starts.get(index);
    if (start === undefined) {
      const day = `${label(index)}-01`;
      start = instantRange(day, day, timeZone).start;
      starts.set(index, start);
    }
    return start;
  };
  const labels = new Map<number, string>();
  // The last month's bounds: tickets come in id order, which mostly follows creation.
  let lastStart = Infinity;
  let lastEnd = -Infinity;
  let lastText = '';
  return (at) => {
    if (at >= lastStart && at < lastEnd) return lastText;
    const utc = new Date(at);
    let index = utc.getUTCFullYear() * 12 + utc.getUTCMonth();
    if (at < startOf(index)) index -= 1;
    else if (at >= startOf(index + 1)) index += 1;
    let text = labels.get(index);
    if (text === undefined) {
      text = label(index);
      labels.set(index, text);
    }
    lastStart = startOf(index);
    lastEnd = startOf(index + 1);
    lastText = text;
    return text;
  };
}

/** The column a slice reads, chosen once per batch. */
function sliceColumn(columns: TimelineColumns, slice: WhatIfSlice): readonly (string | null)[] {
  if (slice === 'group') return columns.groupIds;
  if (slice === 'agent') return columns.assigneeIds;
  if (slice === 'brand') return columns.brandIds;
  return slice === 'channel' ? columns.channels : columns.priorities;
}
