import type { Schedule } from '../../src/domain/index.js';
import {
  businessSeconds,
  DAY,
  isBacklogStatus,
  quantile,
  statusAt,
  type TicketFacts,
} from './screen-truth.js';
import { slaDecisions } from './screen-sla.js';

/**
 * Each board cell as docs/metrics.md defines it, from the test's own ticket facts: which tickets
 * a cell holds (the day of the completing event, reporting zone UTC) and their statistics.
 */

export type Dimension = 'none' | 'group' | 'agent';
export type Kpi =
  | 'first_resolution'
  | 'full_resolution'
  | 'first_reply'
  | 'requester_wait'
  | 'reopen_rate'
  | 'aht'
  | 'ces'
  | 'csat'
  | 'nps'
  | 'one_touch'
  | 'sla_attainment'
  | 'backlog'
  | 'ticket_volume'
  | 'resolution_rate'
  | 'interactions_per_ticket';

export interface Cell {
  n: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
  /** Rates, CES's easy share. */
  rate: number | null;
  /** NPS points. */
  score: number | null;
  /** Backlog at the end of the last day. */
  latest: number | null;
  /** Ticket volume: tickets created in the period. */
  total?: number;
  /** Resolution rate: tickets solved in the period (n is those created). */
  solved?: number;
}

/** A period of whole UTC days, [start, end) in instants; `now` caps a running day. */
export interface Period {
  start: number;
  end: number;
  now: number;
}

export const DURATIONS: ReadonlySet<Kpi> = new Set([
  'first_resolution',
  'full_resolution',
  'first_reply',
  'requester_wait',
]);

function sliceKeys(f: TicketFacts, dim: Dimension): string[] {
  if (dim === 'none') return [''];
  const value = dim === 'group' ? f.dims.group : f.dims.agent;
  return value === null ? [] : [value];
}

/** The ticket's value for a per-ticket KPI and the instant that picks its day. */
function ticketValue(
  kpi: Kpi,
  f: TicketFacts,
  schedule: Schedule | null,
): { at: number | null; value: number | null } {
  const span = (from: number, to: number | null) =>
    to === null
      ? null
      : schedule === null
        ? (to - from) / 1000
        : businessSeconds(schedule, from, to);
  switch (kpi) {
    case 'first_reply':
      return { at: f.firstReplyAt, value: span(f.createdAt, f.firstReplyAt) };
    case 'first_resolution':
      return { at: f.firstSolveAt, value: span(f.createdAt, f.firstSolveAt) };
    case 'full_resolution':
      return { at: f.lastSolveAt, value: span(f.createdAt, f.lastSolveAt) };
    case 'requester_wait':
      return {
        at: f.lastSolveAt,
        value: f.waitSpans.reduce((total, [a, b]) => total + (span(a, b) ?? 0), 0),
      };
    case 'reopen_rate':
      return { at: f.lastSolveAt, value: Number(f.reopenedWithinWindow) };
    case 'one_touch':
      return { at: f.lastSolveAt, value: Number(f.agentReplies === 1) };
    case 'aht':
      return { at: f.lastSolveAt, value: f.handleSeconds };
    case 'csat':
      return { at: f.lastSolveAt, value: f.rating === null ? null : Number(f.rating === 'good') };
    case 'interactions_per_ticket':
      return { at: f.lastSolveAt, value: f.customerMessages + f.agentReplies };
    default:
      throw new RangeError(kpi);
  }
}

const empty = (): Cell => ({
  n: 0,
  median: null,
  p90: null,
  mean: null,
  rate: null,
  score: null,
  latest: null,
});

function distribution(values: number[]): Cell {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = n === 0 ? null : sorted.reduce((a, v) => a + v, 0) / n;
  return { ...empty(), n, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), mean };
}

const mean = (list: readonly number[]) => list.reduce((a, v) => a + v, 0) / list.length;

function push(map: Map<string, number[]>, key: string, value: number) {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

/**
 * Every slice's cell of one KPI in a period. `scheduleOf` (business hours) applies to the four
 * durations only and picks each ticket's schedule; SLA targets name their own clock and always
 * use `slaScheduleOf`, the ticket's schedule.
 */
export function cells(
  kpi: Kpi,
  facts: readonly TicketFacts[],
  dim: Dimension,
  period: Period,
  scheduleOf: ((f: TicketFacts) => Schedule) | null,
  slaScheduleOf: (f: TicketFacts) => Schedule,
): Map<string, Cell> {
  const live = facts.filter((f) => f.status !== 'deleted');
  const inRange = (at: number | null) => at !== null && at >= period.start && at < period.end;
  const out = new Map<string, Cell>();
  if (kpi === 'backlog') return backlogCells(live, dim, period);
  if (kpi === 'ticket_volume' || kpi === 'resolution_rate') {
    return countCells(kpi, live, dim, period);
  }
  const values = new Map<string, number[]>();
  if (kpi === 'sla_attainment') {
    for (const f of live)
      for (const d of slaDecisions(f, slaScheduleOf(f), period.now))
        if (inRange(d.at))
          for (const key of sliceKeys(f, dim)) push(values, key, Number(d.achieved));
    for (const [key, list] of values) out.set(key, { ...distribution(list), rate: mean(list) });
    return out;
  }
  if (kpi === 'ces' || kpi === 'nps') {
    for (const f of live)
      for (const a of f.answers)
        if (a.kind === kpi && inRange(a.at))
          for (const key of sliceKeys(f, dim)) push(values, key, a.value);
    for (const [key, list] of values) {
      const cell = distribution(list);
      if (kpi === 'ces') cell.rate = list.filter((v) => v > 4).length / list.length;
      else {
        const promoters = list.filter((v) => v >= 9).length;
        const detractors = list.filter((v) => v <= 6).length;
        cell.score = ((promoters - detractors) / list.length) * 100;
      }
      out.set(key, cell);
    }
    return out;
  }
  const business = DURATIONS.has(kpi) && scheduleOf !== null;
  for (const f of live) {
    const { at, value } = ticketValue(kpi, f, business ? scheduleOf(f) : null);
    if (!inRange(at) || value === null) continue;
    for (const key of sliceKeys(f, dim)) push(values, key, value);
  }
  for (const [key, list] of values) {
    const cell = distribution(list);
    if (!DURATIONS.has(kpi) && kpi !== 'aht' && kpi !== 'interactions_per_ticket') {
      cell.rate = cell.mean;
    }
    out.set(key, cell);
  }
  return out;
}

/**
 * Tickets created and tickets solved (latest solve, still solved) in the period, per slice: volume
 * is created ÷ the period's started days, resolution rate solved ÷ created. A slice has a cell
 * when either count is above zero.
 */
function countCells(
  kpi: 'ticket_volume' | 'resolution_rate',
  live: readonly TicketFacts[],
  dim: Dimension,
  period: Period,
): Map<string, Cell> {
  const inRange = (at: number | null) => at !== null && at >= period.start && at < period.end;
  let days = 0;
  for (let dayStart = period.start; dayStart < period.end && dayStart < period.now; dayStart += DAY)
    days += 1;
  const counts = new Map<string, { created: number; solved: number }>();
  for (const f of live) {
    const created = Number(inRange(f.createdAt));
    const solved = Number(inRange(f.lastSolveAt));
    if (created + solved === 0) continue;
    for (const key of sliceKeys(f, dim)) {
      const c = counts.get(key) ?? { created: 0, solved: 0 };
      c.created += created;
      c.solved += solved;
      counts.set(key, c);
    }
  }
  const out = new Map<string, Cell>();
  for (const [key, c] of counts) {
    if (kpi === 'ticket_volume') {
      out.set(key, {
        ...empty(),
        n: days,
        mean: days === 0 ? null : c.created / days,
        total: c.created,
      });
    } else {
      const rate = c.created === 0 ? null : c.solved / c.created;
      out.set(key, { ...empty(), n: c.created, mean: rate, rate, solved: c.solved });
    }
  }
  return out;
}

/** Tickets in new/open/pending/hold at each day's end (now for a running day). */
function backlogCells(
  live: readonly TicketFacts[],
  dim: Dimension,
  period: Period,
): Map<string, Cell> {
  const ends: number[] = [];
  for (let dayStart = period.start; dayStart < period.end && dayStart < period.now; dayStart += DAY)
    ends.push(Math.min(dayStart + DAY, period.now));
  const counts = new Map<string, number[]>();
  for (const f of live)
    for (const key of sliceKeys(f, dim)) {
      const daily = counts.get(key) ?? ends.map(() => 0);
      counts.set(key, daily);
      ends.forEach((end, d) => {
        if (f.createdAt < end && isBacklogStatus(statusAt(f, end))) daily[d] = (daily[d] ?? 0) + 1;
      });
    }
  const out = new Map<string, Cell>();
  // A slice whose tickets all left the backlog before each day end still has its row of zeros.
  for (const [key, daily] of counts)
    out.set(key, { ...distribution(daily), latest: daily.at(-1) ?? null });
  return out;
}
