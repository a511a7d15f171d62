import { describe, expect, it } from 'vitest';
import { computeTicketMetrics } from '../../../src/metrics/ticket-metrics.js';
import { seededUniform } from '../../../src/metrics/forecast-random.js';
import { quantile } from '../../../src/metrics/stats.js';
import { splitRows } from '../../../src/services/compare/cohorts.js';
import { compareSamples } from '../../../src/services/compare/kpis.js';
import { cohortSamples } from '../../../src/services/compare/samples.js';
import { ALPHA } from '../../../src/services/compare/verdict.js';
import { createDataset } from '../../../src/simulator/dataset.js';
import type { PlantedEffect } from '../../../src/simulator/planted-effect.js';
import type { ReasonTicketRow } from '../../../src/store/store.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const END = START + 90 * DAY;

/**
 * The simulator's tickets as the comparison reads them: its ground truth (ticket and events),
 * each analysed by the metric engine as of the end of the window. No business calendar:
 * the planted effect is on calendar time.
 */
function simulatedRows(tickets: number, seed: number, plantedEffect?: PlantedEffect) {
  const dataset = createDataset({
    tickets,
    seed,
    start: START,
    end: END,
    ...(plantedEffect === undefined ? {} : { plantedEffect }),
  });
  const rows: ReasonTicketRow[] = [];
  for (let i = 0; i < tickets; i += 1) {
    const { ticket, events } = dataset.truth(i);
    if (ticket.status === 'deleted') continue;
    const metrics = computeTicketMetrics(
      { ticket, events },
      { now: END, calendars: { defaultCalendar: null, byId: new Map() } },
    );
    rows.push({ ticket, stored: { metrics, dims: dimsOf(ticket) } });
  }
  return rows;
}

function dimsOf(ticket: ReasonTicketRow['ticket']): NonNullable<ReasonTicketRow['stored']>['dims'] {
  return {
    requesterId: ticket.requesterId,
    organizationId: ticket.organizationId,
    groupId: ticket.groupId,
    assigneeId: ticket.assigneeId,
    channel: ticket.channel,
    brandId: ticket.brandId,
    tags: ticket.tags,
    ces: null,
    effortScore: null,
    computedAt: END,
    engineVersion: 1,
  };
}

const resolutionOf = (rows: readonly ReasonTicketRow[]) =>
  Float64Array.from(
    rows.flatMap((r) => {
      const s = r.stored?.metrics.fullResolution.calendar;
      return s === null || s === undefined ? [] : [s];
    }),
  ).sort();

describe('cohort comparison on the simulator', () => {
  it('finds a planted 20 % faster resolution of a tag', () => {
    const effect = { tag: 'fastlane', share: 0.3, lifetimeFactor: 0.8 };
    const rows = simulatedRows(3000, 18, effect);
    const split = splitRows(rows, (t) => t.tags.includes('fastlane'), null);
    // The planted share, independently of the comparison: about 30 % of the tickets.
    expect(split.a.length / rows.length).toBeGreaterThan(0.26);
    expect(split.a.length / rows.length).toBeLessThan(0.34);
    const kpis = compareSamples(cohortSamples(split.a, false), cohortSamples(split.b, false));
    const resolution = kpis.find((k) => k.kpi === 'full_resolution');
    // A (the tag) resolves faster: B − A is positive, significant, and the verdict says A.
    expect(resolution?.verdict).toBe('a_better');
    expect(resolution?.p).toBeLessThan(0.01);
    // The medians, computed here from the per-ticket resolution times, are about 0.8 apart.
    const medianA = quantile(resolutionOf(split.a), 0.5);
    const medianB = quantile(resolutionOf(split.b), 0.5);
    expect(resolution?.a.value).toBe(medianA);
    expect(resolution?.b.value).toBe(medianB);
    expect(medianA / medianB).toBeGreaterThan(0.7);
    expect(medianA / medianB).toBeLessThan(0.9);
    // The interval of B − A covers the planted difference (20 % of B's median).
    expect(resolution?.ci?.low).toBeLessThan(0.2 * medianB);
    expect(resolution?.ci?.high).toBeGreaterThan(0.2 * medianB);
    console.info(
      `planted effect: A n=${String(resolution?.a.n)} median ${String(medianA)} s, ` +
        `B n=${String(resolution?.b.n)} median ${String(medianB)} s, ratio ${(medianA / medianB).toFixed(3)}, ` +
        `B−A 95 % CI ${String(resolution?.ci?.low)}…${String(resolution?.ci?.high)}, p=${String(resolution?.p)}`,
    );
  }, 60_000);

  it('finds nothing between random halves of one cohort at the stated error rate', () => {
    const rows = simulatedRows(1200, 7);
    const splits = 100;
    const positives = new Map<string, number>();
    let tests = 0;
    for (let s = 0; s < splits; s += 1) {
      const random = seededUniform(1000 + s);
      const inA = new Set(rows.filter(() => random() < 0.5).map((r) => r.ticket.id));
      const split = splitRows(rows, (t) => inA.has(t.id), null);
      const kpis = compareSamples(cohortSamples(split.a, false), cohortSamples(split.b, false));
      for (const k of kpis) {
        if (k.verdict === 'too_few') continue;
        tests += 1;
        const winner = k.verdict === 'a_better' || k.verdict === 'b_better' ? 1 : 0;
        positives.set(k.kpi, (positives.get(k.kpi) ?? 0) + winner);
      }
    }
    const total = [...positives.values()].reduce((s, v) => s + v, 0);
    console.info(
      `A/A: ${String(total)} winners in ${String(tests)} tests`,
      Object.fromEntries(positives),
    );
    // Every KPI the simulator fills was tested in every split.
    expect(tests).toBeGreaterThanOrEqual(splits * 5);
    expect(total / tests).toBeLessThanOrEqual(2 * ALPHA);
    for (const count of positives.values()) expect(count / splits).toBeLessThanOrEqual(3 * ALPHA);
  }, 120_000);
});
