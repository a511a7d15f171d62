import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '../../../src/domain/index.js';
import { withAssignedSchedule } from '../../../src/metrics/assigned-schedule.js';
import { runClockKernel } from '../../../src/metrics/clock-kernel.js';
import { ClockKernelOutput, KERNEL_STRIDE } from '../../../src/metrics/clock-kernel-output.js';
import { kernelSlaView } from '../../../src/metrics/clock-kernel-sla.js';
import { evaluateSla } from '../../../src/metrics/sla.js';
import type { CalendarSet } from '../../../src/metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import type { TicketMetrics } from '../../../src/metrics/types.js';
import { createRandom, type Random } from '../../../src/simulator/prng.js';
import { toKernelColumns } from '../../support/kernel-columns.js';
import {
  CALENDAR_SETS,
  DAY,
  DAYS,
  HOUR,
  pick,
  randomPolicy,
  randomTimeline,
} from '../../support/random-timelines.js';

/** The engine's values in the kernel's layout: calendar and business seconds, NaN for null. */
function engineValues(m: TicketMetrics): { calendar: number[]; business: number[] } {
  const durations = [
    m.firstReply,
    m.firstResolution,
    m.fullResolution,
    m.requesterWait,
    m.agentWait,
  ];
  return {
    calendar: durations.map((d) => d.calendar ?? NaN),
    business: durations.map((d) => d.business ?? NaN),
  };
}

/** Kernel and engine over one batch; returns a line per ticket × value that differs. */
function compareBatch(
  random: Random,
  batch: number,
  size: number,
  out: ClockKernelOutput,
): string[] {
  const timelines = Array.from({ length: size }, (_, i) => randomTimeline(random, i));
  const calendars = CALENDAR_SETS[batch % CALENDAR_SETS.length] as CalendarSet;
  const lastAt = Math.max(...timelines.flatMap((t) => t.events.map((e) => e.at)), 0);
  const now = pick(random, [DAYS[0] ?? 0, (DAYS[2] ?? 0) + 5 * HOUR, lastAt, lastAt + DAY]);
  const policy = randomPolicy(random);
  const columns = toKernelColumns(timelines);
  runClockKernel(columns, calendars, now, out);
  const differences: string[] = [];
  const differ = (i: number, what: string, kernel: unknown, engine: unknown) =>
    differences.push(
      `batch ${String(batch)} ticket ${String(i)} ${what}: kernel ${JSON.stringify(kernel)}, engine ${JSON.stringify(engine)}`,
    );
  timelines.forEach((timeline, i) => {
    const ticket = withAssignedSchedule(timeline.ticket, timeline.events);
    const m = computeTicketMetrics({ ticket, events: timeline.events }, { now, calendars });
    const expected = engineValues(m);
    for (let k = 0; k < KERNEL_STRIDE; k += 1) {
      const c = out.calendar[i * KERNEL_STRIDE + k];
      const b = out.business[i * KERNEL_STRIDE + k];
      if (!Object.is(c, expected.calendar[k]))
        differ(i, `calendar ${String(k)}`, c, expected.calendar[k]);
      if (!Object.is(b, expected.business[k]))
        differ(i, `business ${String(k)}`, b, expected.business[k]);
    }
    if (out.reopens[i] !== m.reopens.length) differ(i, 'reopens', out.reopens[i], m.reopens.length);
    const own = ticket.scheduleId === null ? undefined : calendars.byId.get(ticket.scheduleId);
    if (out.ticketCalendars[i] !== (own ?? calendars.defaultCalendar)) differ(i, 'calendar', 0, 1);
    const view = kernelSlaView(out, i, ticket.id, ticket.createdAt);
    const engineView = {
      status: m.status,
      firstSolvedAt: m.firstSolvedAt,
      lastSolvedAt: m.lastSolvedAt,
      awaitingReplySince: m.awaitingReplySince,
      firstReplyAt: m.explanation.firstReply?.to ?? null,
      segments: m.explanation.statusSegments,
      turns: m.replyIntervals.map((t) => ({ from: t.from, to: t.to })),
    };
    const kernelView = {
      status: view.status,
      firstSolvedAt: view.firstSolvedAt,
      lastSolvedAt: view.lastSolvedAt,
      awaitingReplySince: view.awaitingReplySince,
      firstReplyAt: view.explanation.firstReply?.to ?? null,
      segments: view.explanation.statusSegments,
      turns: view.replyIntervals,
    };
    if (JSON.stringify(kernelView) !== JSON.stringify(engineView))
      differ(i, 'SLA inputs', kernelView, engineView);
    const priority = pick(random, [null, ...PRIORITIES]);
    const calendar = own ?? calendars.defaultCalendar;
    const slaKernel = evaluateSla(view, priority, policy, calendar, now);
    const slaEngine = evaluateSla(m, priority, policy, calendar, now);
    if (JSON.stringify(slaKernel) !== JSON.stringify(slaEngine))
      differ(i, 'SLA', slaKernel, slaEngine);
  });
  return differences;
}

describe('clock kernel', () => {
  it('computes exactly what the engine computes, over 6,000 random timelines', () => {
    const random = createRandom('clock-kernel-fuzz', 1);
    const out = new ClockKernelOutput();
    const differences: string[] = [];
    let tickets = 0;
    // Batch sizes rise and fall: the reused buffers must hold no value from an earlier batch.
    for (let batch = 0; tickets < 6000; batch += 1) {
      const size = pick(random, [1, 7, 90, 400, 900]);
      differences.push(...compareBatch(random, batch, size, out));
      tickets += size;
    }
    expect(differences.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('covers what it claims to: the fuzzed histories reach every branch the engine has', () => {
    const random = createRandom('clock-kernel-fuzz', 1);
    const seen = { reopened: 0, agentCreated: 0, deleted: 0, business: 0 };
    for (let i = 0; i < 2000; i += 1) {
      const t = randomTimeline(random, i);
      const m = computeTicketMetrics(t, {
        now: t.ticket.createdAt + 3 * DAY,
        calendars: CALENDAR_SETS[0] as CalendarSet,
      });
      if (m.reopens.length > 0) seen.reopened += 1;
      if (t.events.some((e) => e.type === 'comment' && e.isCreating && e.authorKind === 'agent'))
        seen.agentCreated += 1;
      if (m.status === 'deleted') seen.deleted += 1;
      if ((m.requesterWait.business ?? 0) > 0) seen.business += 1;
    }
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(20);
  });
});
