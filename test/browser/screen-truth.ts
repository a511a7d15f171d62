import type { Schedule, Ticket, TicketEvent } from '../../src/domain/index.js';

/**
 * The screen test's own reading of the simulator's ground truth (`/__truth/tickets.ndjson`):
 * docs/metrics.md's definitions written again as plain loops, sharing no code with the engine,
 * so a number on the screen that disagrees with it is a bug in one of the two.
 */

export interface TruthLine {
  ticket: Ticket;
  events: TicketEvent[];
}

const SOLVED = new Set(['solved', 'closed']);
const BACKLOG = new Set(['new', 'open', 'pending', 'hold']);
const WAITING = new Set(['new', 'open', 'hold']);
const DAY_MS = 86_400_000;
const REOPEN_WINDOW_MS = 7 * DAY_MS;

/** One ticket's facts, each computed straight from its events. */
export interface TicketFacts {
  id: string;
  status: string;
  /** Current priority (SLA targets are looked up with it). */
  priority: string | null;
  /** The schedule the ticket names, if any (null: the installation's default applies). */
  scheduleId: string | null;
  requesterId: string;
  organizationId: string | null;
  dims: Record<'group' | 'agent' | 'channel' | 'brand', string | null> & { tags: string[] };
  createdAt: number;
  firstReplyAt: number | null;
  firstSolveAt: number | null;
  /** The latest solve, only while the ticket is solved. */
  lastSolveAt: number | null;
  /** [from, to) instants spent in new, open or hold, up to the last solve (solved tickets). */
  waitSpans: [number, number][];
  reopenedWithinWindow: boolean;
  /** Every reopen (solved → unsolved), whenever it came. */
  reopenTimes: number[];
  agentReplies: number;
  /** Public comments by end users, the creating one included. */
  customerMessages: number;
  handleSeconds: number | null;
  rating: 'good' | 'bad' | null;
  answers: { kind: string; value: number; at: number; min: number; max: number }[];
  /** Status in force from each instant on, in order, from creation. */
  statusTimeline: { at: number; status: string }[];
}

export function factsOf({ ticket, events }: TruthLine): TicketFacts {
  const timeline: { at: number; status: string }[] = [];
  let firstReplyAt: number | null = null;
  let firstSolveAt: number | null = null;
  let lastSolveAt: number | null = null;
  let lastSolvedStatusAt: number | null = null;
  let reopened = false;
  const reopenTimes: number[] = [];
  let agentReplies = 0;
  let customerMessages = 0;
  const handle = new Map<string, number>();
  let rating: 'good' | 'bad' | null = null;
  const answers: TicketFacts['answers'] = [];
  let current: string | null = null;
  // The simulator assigns a ticket's schedule once, on its creating update (a schedule_change).
  let scheduleId = ticket.scheduleId;
  for (const e of events) {
    if (e.type === 'schedule_change') {
      scheduleId ??= e.scheduleId;
    } else if (e.type === 'comment') {
      if (e.public && e.authorKind === 'end_user') customerMessages += 1;
      if (e.public && e.authorKind === 'agent' && !e.isCreating) {
        agentReplies += 1;
        firstReplyAt ??= e.at;
      }
    } else if (e.type === 'status_change') {
      const wasSolved = current !== null && SOLVED.has(current);
      const isSolved = SOLVED.has(e.to);
      if (isSolved && !wasSolved) {
        firstSolveAt ??= e.at;
        lastSolveAt = e.at;
      }
      if (e.to === 'solved') lastSolvedStatusAt = e.at;
      if (current === 'solved' && !isSolved) reopenTimes.push(e.at);
      if (current === 'solved' && !isSolved && lastSolvedStatusAt !== null) {
        if (e.at - lastSolvedStatusAt <= REOPEN_WINDOW_MS) reopened = true;
      }
      current = e.to;
      timeline.push({ at: e.at, status: e.to });
    } else if (e.type === 'handle_time') {
      const agent = e.agentId ?? '';
      handle.set(agent, (handle.get(agent) ?? 0) + e.seconds);
    } else if (e.type === 'satisfaction') {
      rating = e.score === 'good' || e.score === 'bad' ? e.score : rating;
    } else if (e.type === 'survey_answer') {
      const r = e.response;
      answers.push({
        kind: r.kind,
        value: r.value,
        at: r.respondedAt,
        min: r.scaleMin,
        max: r.scaleMax,
      });
    }
  }
  const solvedNow = SOLVED.has(ticket.status);
  const end = solvedNow ? lastSolveAt : null;
  const waitSpans: [number, number][] = [];
  if (end !== null) {
    timeline.forEach((step, k) => {
      const to = Math.min(timeline[k + 1]?.at ?? end, end);
      if (WAITING.has(step.status) && to > step.at) waitSpans.push([step.at, to]);
    });
  }
  // Lowering edits of the running total clamp at zero per agent.
  const handleSeconds =
    handle.size === 0 ? null : [...handle.values()].reduce((a, s) => a + Math.max(0, s), 0);
  return {
    id: ticket.id,
    status: ticket.status,
    priority: ticket.priority,
    scheduleId,
    requesterId: ticket.requesterId,
    organizationId: ticket.organizationId,
    dims: {
      group: ticket.groupId,
      agent: ticket.assigneeId,
      channel: ticket.channel,
      brand: ticket.brandId,
      tags: ticket.tags,
    },
    createdAt: ticket.createdAt,
    firstReplyAt,
    firstSolveAt,
    lastSolveAt: end,
    waitSpans,
    reopenedWithinWindow: reopened,
    reopenTimes,
    agentReplies,
    customerMessages,
    handleSeconds,
    rating,
    answers,
    statusTimeline: timeline,
  };
}

/** The status a ticket is in at instant `at`: a change exactly at `at` already counts. */
export function statusAt(f: TicketFacts, at: number): string | null {
  let status: string | null = null;
  for (const step of f.statusTimeline) {
    if (step.at >= at) break;
    status = step.status;
  }
  return status;
}

/**
 * Open seconds of `schedule` in [from, to). Schedules open and close on whole local minutes, so
 * each minute is wholly open or wholly closed: the partial first and last minutes plus the open
 * whole minutes between, counted by a table built by stepping minute by minute.
 */
export function businessSeconds(schedule: Schedule, from: number, to: number): number {
  if (to <= from) return 0;
  const first = Math.floor(from / MINUTE);
  const last = Math.floor(to / MINUTE);
  const open = (minute: number) => isOpen(schedule, minute * MINUTE);
  if (first === last) return open(first) ? (to - from) / 1000 : 0;
  const head = open(first) ? (first + 1) * MINUTE - from : 0;
  const tail = open(last) ? to - last * MINUTE : 0;
  const whole = openMinutesBefore(schedule, last) - openMinutesBefore(schedule, first + 1);
  return (head + whole * MINUTE + tail) / 1000;
}

const MINUTE = 60_000;
// The table spans this many minutes each side of the first minute asked (demo data: 4 months).
const TABLE_REACH = 200 * 1440;
const tables = new Map<string, { base: number; sums: Int32Array }>();

/** Open whole minutes from the table's base up to `minute`, stepping minute by minute once. */
function openMinutesBefore(schedule: Schedule, minute: number): number {
  let table = tables.get(schedule.id);
  if (table === undefined || minute < table.base || minute - table.base >= table.sums.length) {
    const base = minute - TABLE_REACH;
    const sums = new Int32Array(2 * TABLE_REACH + 1);
    for (let k = 1; k < sums.length; k += 1)
      sums[k] = (sums[k - 1] ?? 0) + Number(isOpen(schedule, (base + k - 1) * MINUTE));
    table = { base, sums };
    tables.set(schedule.id, table);
  }
  return table.sums[minute - table.base] ?? 0;
}

const localParts = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** The zone's UTC offset at `at`, cached per UTC hour (offsets change on whole hours). */
function offsetMs(timeZone: string, at: number): number {
  const hour = Math.floor(at / 3_600_000);
  const key = `${timeZone}:${hour}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let fmt = localParts.get(timeZone);
  if (fmt === undefined) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    localParts.set(timeZone, fmt);
  }
  const p = new Map(fmt.formatToParts(hour * 3_600_000).map((x) => [x.type, Number(x.value)]));
  const part = (type: Intl.DateTimeFormatPartTypes) => p.get(type) ?? 0;
  const local = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
  );
  const offset = local - hour * 3_600_000;
  offsetCache.set(key, offset);
  return offset;
}

function isOpen(schedule: Schedule, at: number): boolean {
  const local = new Date(at + offsetMs(schedule.timeZone, at));
  const date = local.toISOString().slice(0, 10);
  if (schedule.holidays.some((h) => date >= h.startDate && date <= h.endDate)) return false;
  const minute = local.getUTCDay() * 1440 + local.getUTCHours() * 60 + local.getUTCMinutes();
  return schedule.intervals.some((i) => minute >= i.startMinute && minute < i.endMinute);
}

/** R type 7 quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = sorted[Math.floor(pos)] ?? 0;
  const hi = sorted[Math.ceil(pos)] ?? 0;
  return lo + (hi - lo) * (pos - Math.floor(pos));
}

export const isSolvedStatus = (s: string) => SOLVED.has(s);
export const isBacklogStatus = (s: string | null) => s !== null && BACKLOG.has(s);
export const DAY = DAY_MS;
