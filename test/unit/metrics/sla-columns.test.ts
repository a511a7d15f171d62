import { describe, expect, it } from 'vitest';
import type { SlaMetric } from '../../../src/domain/index.js';
import { PRIORITIES, SlaMetricSchema } from '../../../src/domain/index.js';
import { runClockKernel } from '../../../src/metrics/clock-kernel.js';
import { ClockKernelOutput } from '../../../src/metrics/clock-kernel-output.js';
import { kernelSlaView } from '../../../src/metrics/clock-kernel-sla.js';
import { evaluateSla, slaOutcome, type SlaOutcome } from '../../../src/metrics/sla.js';
import { evaluateSlaColumns, resolveTargets } from '../../../src/metrics/sla-columns.js';
import { SlaOutcomes, storedOutcomes } from '../../../src/metrics/sla-outcomes.js';
import type { CalendarSet } from '../../../src/metrics/ticket-clock.js';
import type { EngineTimeline } from '../../../src/metrics/ticket-metrics.js';
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

const METRICS = SlaMetricSchema.options;
const PRIORITY_OR_NONE = [...PRIORITIES, null] as const;

const GRID = 10 * 60_000;
const snap = (at: number) => Math.round(at / GRID) * GRID;

/**
 * Half the histories on a ten-minute grid (creation and events), as the targets' whole minutes
 * and the schedules' hours are, so fulfilments fall exactly on breach instants: strict breach.
 */
function tiedTimeline(random: Random, index: number): EngineTimeline {
  const t = randomTimeline(random, index);
  if (random() < 0.5) return t;
  return {
    ticket: { ...t.ticket, createdAt: snap(t.ticket.createdAt) },
    events: t.events.map((e) => ({ ...e, at: snap(e.at) })),
  };
}

/** Ticket i's outcomes in the columns, as slaOutcome's objects. */
function columnOutcomes(into: SlaOutcomes, i: number): SlaOutcome[] {
  const list: SlaOutcome[] = [];
  for (let k = into.start[i] ?? 0; k < (into.start[i + 1] ?? 0); k += 1) {
    list.push({
      metric: METRICS[into.metric[k] ?? 0] as SlaMetric,
      achieved: into.achieved[k] === 1,
      at: into.at[k] ?? NaN,
    });
  }
  return list;
}

const exactly = (a: SlaOutcome[], b: SlaOutcome[]) =>
  a.length === b.length &&
  a.every((o, k) => {
    const e = b[k];
    return (
      e !== undefined && o.metric === e.metric && o.achieved === e.achieved && Object.is(o.at, e.at)
    );
  });

describe('columnar SLA evaluation', () => {
  it('gives exactly slaOutcome(evaluateSla(kernelSlaView)) over 8,000 random timelines', () => {
    const random = createRandom('sla-columns-fuzz', 1);
    const out = new ClockKernelOutput();
    const into = new SlaOutcomes();
    const differences: string[] = [];
    const seen = { achieved: 0, breached: 0, none: 0, fulfilledAtBreach: 0 };
    let tickets = 0;
    // Batch sizes rise and fall: the reused buffers must hold no value from an earlier batch.
    for (let batch = 0; tickets < 8000; batch += 1) {
      const size = pick(random, [1, 7, 90, 400, 900]);
      const timelines = Array.from({ length: size }, (_, i) => tiedTimeline(random, i));
      const calendars = CALENDAR_SETS[batch % CALENDAR_SETS.length] as CalendarSet;
      const lastAt = Math.max(...timelines.flatMap((t) => t.events.map((e) => e.at)), 0);
      // Before, inside and after the histories.
      const now = pick(random, [DAYS[0] ?? 0, (DAYS[2] ?? 0) + 5 * HOUR, lastAt, lastAt + DAY]);
      const policy = randomPolicy(random);
      const priorities = Uint8Array.from(timelines, () => Math.floor(random() * 5));
      const columns = toKernelColumns(timelines);
      runClockKernel(columns, calendars, now, out);
      evaluateSlaColumns(out, columns.createdAt, priorities, resolveTargets(policy), now, into);
      timelines.forEach((t, i) => {
        const view = kernelSlaView(out, i, t.ticket.id, t.ticket.createdAt);
        const priority = PRIORITY_OR_NONE[priorities[i] ?? 0] ?? null;
        const instances = evaluateSla(view, priority, policy, out.ticketCalendars[i] ?? null, now);
        const expected = instances.flatMap((x) => slaOutcome(x, now) ?? []);
        seen.none += instances.length - expected.length;
        for (const x of instances)
          if (x.breachAt !== null && x.breachAt === x.fulfilledAt) seen.fulfilledAtBreach += 1;
        for (const o of expected) seen[o.achieved ? 'achieved' : 'breached'] += 1;
        const actual = columnOutcomes(into, i);
        if (!exactly(actual, expected))
          differences.push(
            `batch ${String(batch)} ticket ${String(i)}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`,
          );
      });
      tickets += size;
    }
    expect(differences.slice(0, 5)).toEqual([]);
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(10);
  }, 120_000);

  it('decodes stored times to exactly slaOutcome', () => {
    const random = createRandom('sla-stored-outcomes', 1);
    const now = DAYS[4] ?? 0;
    const instant = () =>
      random() < 0.3 ? null : pick(random, [now, now + Math.floor((random() - 0.5) * 10 * DAY)]);
    const stored = Array.from({ length: 3000 }, () =>
      Array.from({ length: Math.floor(random() * 4) }, () => ({
        metric: pick(random, METRICS),
        breachAt: instant(),
        fulfilledAt: random() < 0.2 ? null : pick(random, [instant(), now]),
      })),
    );
    const into = new SlaOutcomes();
    storedOutcomes(stored, stored.length, now, into);
    stored.forEach((times, i) => {
      const expected = times.flatMap((x) => slaOutcome(x, now) ?? []);
      expect(exactly(columnOutcomes(into, i), expected), String(i)).toBe(true);
    });
  });
});
