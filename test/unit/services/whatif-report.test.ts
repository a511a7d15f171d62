import { describe, expect, it } from 'vitest';
import { compareIdsForDisplay, PRIORITIES } from '../../../src/domain/index.js';
import type { Priority, SlaMetric } from '../../../src/domain/index.js';
import { runClockKernel } from '../../../src/metrics/clock-kernel.js';
import { ClockKernelOutput } from '../../../src/metrics/clock-kernel-output.js';
import { kernelSlaView } from '../../../src/metrics/clock-kernel-sla.js';
import { evaluateSla, slaOutcome, type SlaOutcome } from '../../../src/metrics/sla.js';
import { quantile } from '../../../src/metrics/stats.js';
import { calendarSetFor } from '../../../src/services/pipeline/analyze-ticket.js';
import type { Comparison, WhatIfReport } from '../../../src/services/whatif/contracts.js';
import { whatIf, type WhatIfDeps } from '../../../src/services/whatif/what-if.js';
import { createRandom, type Random } from '../../../src/simulator/prng.js';
import type { TimelineColumns } from '../../../src/store/store.js';
import { toKernelColumns } from '../../support/kernel-columns.js';
import {
  DAY,
  DAYS,
  pick,
  randomPolicy,
  randomTimeline,
  SCHEDULES,
} from '../../support/random-timelines.js';

const METRICS = [
  'first_reply_time',
  'next_reply_time',
  'requester_wait_time',
  'agent_work_time',
  'full_resolution_time',
] as const;
const NOW = (DAYS[3] ?? 0) + 2 * DAY;
// A proposal may not carry a schedule with no hours (proposal.ts refuses it); new schedules
// take the store's id order, the first being the default.
const PROPOSED = SCHEDULES.filter((s) => s.intervals.length > 0).sort((a, b) =>
  a.id < b.id ? -1 : 1,
);

/** A store batch of random histories with random stored values beside them. */
function batchOf(random: Random, from: number, size: number): TimelineColumns {
  const timelines = Array.from({ length: size }, (_, i) => {
    const t = randomTimeline(random, 0);
    return { ...t, ticket: { ...t.ticket, id: String(100_000 + from + i) } };
  });
  const instant = (at: number) => (random() < 0.3 ? null : at + Math.floor(random() * 3 * DAY));
  return {
    ...toKernelColumns(timelines),
    priorities: timelines.map(() => pick(random, [...PRIORITIES, null])),
    groupIds: timelines.map(() => pick(random, ['g1', 'g2', null])),
    assigneeIds: timelines.map(() => null),
    brandIds: timelines.map(() => null),
    channels: timelines.map(() => 'email'),
    storedBusiness: Float64Array.from({ length: size * 5 }, () =>
      random() < 0.3 ? NaN : Math.floor(random() * 20) * 600,
    ),
    storedSla: timelines.map((t) =>
      Array.from({ length: Math.floor(random() * 4) }, () => ({
        metric: pick(random, METRICS),
        breachAt: instant(t.ticket.createdAt),
        fulfilledAt: instant(t.ticket.createdAt),
      })),
    ),
  };
}

/** The report as the replay computed it before the columnar path: object by object. */
function expectedReport(
  batches: TimelineColumns[],
  policy: Parameters<typeof evaluateSla>[2],
): Pick<WhatIfReport, 'overall' | 'months' | 'slices' | 'flips'> {
  const calendars = calendarSetFor('whatif:inst', PROPOSED);
  const scopes = new Map<string, Scope>();
  const flips = { total: 0, achievedToBreached: 0, breachedToAchieved: 0, tickets: [] as Flip[] };
  const out = new ClockKernelOutput();
  for (const columns of batches) {
    runClockKernel(columns, calendars, NOW, out);
    columns.ticketIds.forEach((id, i) => {
      const priority = columns.priorities[i] ?? null;
      const createdAt = columns.createdAt[i] ?? 0;
      const view = kernelSlaView(out, i, id, createdAt);
      const instances = evaluateSla(view, priority, policy, out.ticketCalendars[i] ?? null, NOW);
      const current = (columns.storedSla[i] ?? []).flatMap((t) => slaOutcome(t, NOW) ?? []);
      const proposed = instances.flatMap((t) => slaOutcome(t, NOW) ?? []);
      const business = (values: ArrayLike<number>) =>
        Array.from({ length: 5 }, (_, k) => values[i * 5 + k] ?? NaN);
      const ticket = {
        priority,
        current: business(columns.storedBusiness),
        proposed: business(out.business),
        currentOutcomes: current,
        proposedOutcomes: proposed,
      };
      for (const key of [
        'overall',
        `month ${new Date(createdAt).toISOString().slice(0, 7)}`,
        `slice ${columns.groupIds[i] ?? ''}`,
      ]) {
        const scope = scopes.get(key) ?? new Scope();
        scope.add(ticket);
        scopes.set(key, scope);
      }
      for (const metric of METRICS) {
        const before = decide(current, metric);
        const after = decide(proposed, metric);
        if (before === null || after === null || before.achieved === after.achieved) continue;
        flips.total += 1;
        flips[before.achieved ? 'achievedToBreached' : 'breachedToAchieved'] += 1;
        flips.tickets.push({
          ticketId: id,
          metric,
          priority,
          current: before.achieved ? 'achieved' : 'breached',
          proposed: after.achieved ? 'achieved' : 'breached',
          currentAt: new Date(before.at).toISOString(),
          proposedAt: new Date(after.at).toISOString(),
        });
      }
    });
  }
  // Every flip, then the first 50 in display order (a stable sort keeps a ticket's metrics in order).
  flips.tickets = flips.tickets
    .sort((a, b) => compareIdsForDisplay(a.ticketId, b.ticketId))
    .slice(0, 50);
  const listed = (prefix: string) =>
    [...scopes]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, scope]) => ({ key: key.slice(prefix.length), comparison: scope.result() }));
  return {
    overall: scopes.get('overall')?.result() ?? new Scope().result(),
    months: listed('month ').map(({ key, comparison }) => ({ month: key, ...comparison })),
    slices: listed('slice ').map(({ key, comparison }) => ({
      value: key,
      name: null,
      ...comparison,
    })),
    flips,
  };
}

type Flip = WhatIfReport['flips']['tickets'][number];

function decide(outcomes: SlaOutcome[], metric: SlaMetric) {
  const mine = outcomes.filter((o) => o.metric === metric);
  const breached = mine.filter((o) => !o.achieved).map((o) => o.at);
  if (breached.length > 0) return { achieved: false, at: Math.min(...breached) };
  return mine.length === 0 ? null : { achieved: true, at: Math.max(...mine.map((o) => o.at)) };
}

class Scope {
  tickets = 0;
  private readonly counts = new Map<string, number[]>();
  private readonly durations = Array.from({ length: 10 }, () => [] as number[]);

  add(t: {
    priority: Priority | null;
    current: number[];
    proposed: number[];
    currentOutcomes: SlaOutcome[];
    proposedOutcomes: SlaOutcome[];
  }): void {
    this.tickets += 1;
    [...t.current, ...t.proposed].forEach((v, k) => {
      if (!Number.isNaN(v)) this.durations[k]?.push(v);
    });
    const count = (o: SlaOutcome, slot: number) => {
      const key = `${o.metric}|${t.priority ?? ''}`;
      const c = this.counts.get(key) ?? [0, 0, 0, 0];
      c[slot] = (c[slot] ?? 0) + 1;
      this.counts.set(key, c);
    };
    for (const o of t.currentOutcomes) count(o, o.achieved ? 0 : 1);
    for (const o of t.proposedOutcomes) count(o, o.achieved ? 2 : 3);
  }

  result(): Comparison {
    const rate = (achieved: number, breached: number) => ({
      achieved,
      breached,
      attainment: achieved + breached === 0 ? null : achieved / (achieved + breached),
    });
    const stats = (values: number[] = []) => {
      const s = [...values].sort((a, b) => a - b);
      return s.length === 0
        ? { n: 0, median: null, p90: null }
        : { n: s.length, median: quantile(s, 0.5), p90: quantile(s, 0.9) };
    };
    return {
      tickets: this.tickets,
      sla: METRICS.flatMap((metric) =>
        [...PRIORITIES, null].flatMap((priority) => {
          const c = this.counts.get(`${metric}|${priority ?? ''}`);
          if (c === undefined) return [];
          return [
            {
              metric,
              priority,
              current: rate(c[0] ?? 0, c[1] ?? 0),
              proposed: rate(c[2] ?? 0, c[3] ?? 0),
            },
          ];
        }),
      ),
      durations: (
        [
          'first_reply',
          'first_resolution',
          'full_resolution',
          'requester_wait',
          'agent_wait',
        ] as const
      ).map((metric, k) => ({
        metric,
        current: stats(this.durations[k]),
        proposed: stats(this.durations[k + 5]),
      })),
    };
  }
}

describe('what-if report', () => {
  it('is what the replay computed object by object: overall, months, slices and flips', async () => {
    const random = createRandom('whatif-report', 1);
    for (let run = 0; run < 4; run += 1) {
      const batches: TimelineColumns[] = [];
      for (let from = 0; from < 1500; from += 500) batches.push(batchOf(random, from, 500));
      const policy = randomPolicy(random);
      const after = new Map(batches.map((b, k) => [b.ticketIds.at(-1) ?? '', k + 1]));
      const deps: WhatIfDeps = {
        store: {
          getInstallation: () => Promise.resolve({ settings: {} } as never),
          listSchedules: () => Promise.resolve([]),
          listDisplayNames: () =>
            Promise.resolve({
              users: new Map(),
              organizations: new Map(),
              groups: new Map(),
              brands: new Map(),
            }),
          readTimelineColumns: (_id, o) =>
            Promise.resolve(
              batches[o.after === '' ? 0 : (after.get(o.after) ?? -1)] ?? {
                ...(batches[0] as TimelineColumns),
                ticketIds: [],
              },
            ),
        },
        reportingTimeZone: 'UTC',
        now: () => NOW,
        batchSize: 500,
      };
      const report = await whatIf(deps, 'inst', {
        proposal: { slaPolicy: policy, schedules: PROPOSED },
        slice: 'group',
        flipLimit: 50,
      });
      const expected = expectedReport(batches, policy);
      expect(report.flips.total, 'some flips').toBeGreaterThan(50);
      expect(report.overall).toEqual(expected.overall);
      expect(report.months).toEqual(expected.months);
      expect(report.slices).toEqual(expected.slices);
      expect(report.flips).toEqual(expected.flips);
    }
  }, 60_000);
});
