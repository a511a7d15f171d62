import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { buildSketch, type SketchPart } from '../../../../src/metrics/sketch.js';
import { decodeSketchParts } from '../../../../src/metrics/sketch-parts.js';
import { durationStats } from '../../../../src/services/kpi/aggregate.js';
import { cellDurationStats, type RollupCell } from '../../../../src/services/kpi/board-cells.js';
import { coverRange, periodEnd, periodsOf } from '../../../../src/services/kpi/period-cover.js';
import {
  PERIOD_SKETCH_POINTS,
  mergePeriodRows,
} from '../../../../src/services/pipeline/rollup-periods.js';
import type { KpiRollup, PeriodRollupRow, RollupPeriod } from '../../../../src/store/store.js';
import { mulberry32 as random } from '../../../support/seeded-random.js';

const FIRST = Temporal.PlainDate.from('2024-01-01');
const DAYS = 400;
const dayAt = (i: number) => FIRST.add({ days: i }).toString();

/**
 * A slice value's daily rollups of one duration metric: small days (exact sketches, like an
 * agent's), large days (compressed to 128 points, like the whole account's) or a mix; business
 * values are a subset, as tickets outside office hours have none; some days are empty.
 */
function dailies(rand: () => number, value: string, size: 'small' | 'large' | 'mixed') {
  const rows: KpiRollup[] = [];
  for (let i = 0; i < DAYS; i += 1) {
    if (rand() < 0.1) continue;
    const big = size === 'large' || (size === 'mixed' && rand() < 0.3);
    const count = big ? 200 + Math.floor(rand() * 800) : Math.floor(rand() * 8);
    // Whole seconds with ties, as durations are.
    const calendar = Array.from({ length: count }, () => Math.floor(rand() * 5000) * 7);
    const business = calendar.filter(() => rand() < 0.7).map((v) => Math.floor(v / 3));
    rows.push({
      day: dayAt(i),
      dimension: 'group',
      dimensionValue: value,
      metric: 'first_reply',
      n: calendar.length,
      nBusiness: business.length,
      sum: calendar.reduce((s, v) => s + v, 0),
      sumBusiness: business.reduce((s, v) => s + v, 0),
      sketch: { calendar: buildSketch(calendar).points, business: buildSketch(business).points },
    });
  }
  return rows;
}

/** Every week and month of the data, merged as the rollups drain merges them. */
function buildPeriods(rows: readonly KpiRollup[]) {
  const periods = new Map<string, PeriodRollupRow>();
  const starts = new Set<string>();
  for (const r of rows) for (const p of periodsOf(r.day)) starts.add(`${p.period}:${p.start}`);
  for (const key of starts) {
    const [period, start] = key.split(':') as [RollupPeriod, string];
    const end = periodEnd(period, start);
    const [row] = mergePeriodRows(rows.filter((r) => r.day >= start && r.day <= end));
    if (row !== undefined) periods.set(key, row);
  }
  return periods;
}

/** The cell the board reads for `from`..`to`: decoded period parts and daily sketches, in order. */
function cellOf(
  rows: readonly KpiRollup[],
  periods: Map<string, PeriodRollupRow>,
  from: string,
  to: string,
  usable: (period: RollupPeriod, start: string) => boolean,
) {
  const cell: RollupCell = {
    metric: 'first_reply',
    n: 0,
    nBusiness: 0,
    sum: 0,
    sumBusiness: 0,
    calendar: [],
    business: [],
  };
  let lossless = true;
  for (const s of coverRange(0, from, to, usable)) {
    if (s.kind === 'day') {
      for (const r of rows.filter((d) => d.day >= s.start && d.day <= s.end)) {
        cell.n += r.n;
        cell.nBusiness += r.nBusiness;
        cell.sum += r.sum;
        cell.sumBusiness += r.sumBusiness;
        cell.calendar.push(part(r.n, r.sketch.calendar));
        cell.business.push(part(r.nBusiness, r.sketch.business));
      }
      continue;
    }
    const row = periods.get(`${s.kind}:${s.start}`);
    if (row === undefined) continue;
    cell.n += row.n;
    cell.nBusiness += row.nBusiness;
    cell.sum += row.sum;
    cell.sumBusiness += row.sumBusiness;
    const input = rows.filter((d) => d.day >= s.start && d.day <= s.end);
    for (const clock of ['calendar', 'business'] as const) {
      const points = input.reduce((total, d) => total + d.sketch[clock].length, 0);
      if (points > PERIOD_SKETCH_POINTS) lossless = false;
      const bytes = clock === 'calendar' ? row.sketchCalendar : row.sketchBusiness;
      cell[clock].push(...decodeSketchParts(bytes));
    }
  }
  return { cell, lossless };
}

const part = (n: number, values: number[]): SketchPart => ({ n, values, weights: null });

/** Share of `values` at or below `x`: where a quantile estimate sits in the true distribution. */
function rankOf(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

describe('coverRange', () => {
  it('covers every day once, oldest first, with whole months and weeks where usable', () => {
    const rand = random(7);
    for (let t = 0; t < 300; t += 1) {
      const start = Math.floor(rand() * 300);
      const from = dayAt(start);
      const to = dayAt(start + Math.floor(rand() * 120));
      const stale = new Set<string>();
      const usable = (period: RollupPeriod, s: string) => {
        const key = `${period}:${s}`;
        if (!stale.has(key) && rand() < 0.2) stale.add(key);
        return !stale.has(key);
      };
      const segments = coverRange(3, from, to, usable);
      const covered: string[] = [];
      for (const s of segments) {
        expect(s.index).toBe(3);
        if (s.kind !== 'day') {
          expect(periodEnd(s.kind, s.start)).toBe(s.end);
          expect(periodsOf(s.start).find((p) => p.period === s.kind)?.start).toBe(s.start);
          expect(stale.has(`${s.kind}:${s.start}`)).toBe(false);
        }
        for (
          let d = Temporal.PlainDate.from(s.start);
          d.toString() <= s.end;
          d = d.add({ days: 1 })
        )
          covered.push(d.toString());
      }
      const want: string[] = [];
      for (let d = Temporal.PlainDate.from(from); d.toString() <= to; d = d.add({ days: 1 }))
        want.push(d.toString());
      expect(covered).toEqual(want);
    }
  });

  it('reads a 90-day range in about 13 segments when every merge is current', () => {
    const segments = coverRange(0, '2024-10-03', '2024-12-31', () => true);
    expect(segments.map((s) => `${s.kind} ${s.start}`)).toEqual([
      'day 2024-10-03',
      'week 2024-10-07',
      'week 2024-10-14',
      'week 2024-10-21',
      'day 2024-10-28',
      'month 2024-11-01',
      'month 2024-12-01',
    ]);
  });
});

describe('weekly and monthly rollups against the daily ones', () => {
  it.each([
    ['small', 11],
    ['large', 12],
    ['mixed', 13],
  ] as const)(
    'give the daily merge on random ranges (%s days), on both clocks',
    (size, seed) => {
      const rand = random(seed);
      const rows = dailies(rand, 'g1', size);
      const periods = buildPeriods(rows);
      let exactChecked = 0;
      for (let t = 0; t < 60; t += 1) {
        const start = Math.floor(rand() * (DAYS - 20));
        const from = dayAt(start);
        const to = dayAt(Math.min(DAYS - 1, start + Math.floor(rand() * 200)));
        // Some merges stale, as between a day's write and the drain's rebuild.
        const stale = new Set<string>();
        for (const key of periods.keys()) if (rand() < 0.15) stale.add(key);
        const usable = (p: RollupPeriod, s: string) => !stale.has(`${p}:${s}`);
        const { cell, lossless } = cellOf(rows, periods, from, to, usable);
        const inRange = rows.filter((r) => r.day >= from && r.day <= to);
        for (const business of [false, true]) {
          const want = durationStats(inRange, business);
          const got = cellDurationStats(cell, business);
          expect(got.n).toBe(want.n);
          if (want.mean === null) expect(got.mean).toBeNull();
          else expect(got.mean ?? NaN).toBeCloseTo(want.mean, 6);
          if (lossless) {
            // Lossless merges hold every point with its weight: the same doubles, bit for bit.
            expect(got.median).toBe(want.median);
            expect(got.p90).toBe(want.p90);
            exactChecked += 1;
          } else {
            // A compressed period adds at most about 1 / 256 of rank error to the daily merge.
            const pooled = inRange
              .flatMap((r) => (business ? r.sketch.business : r.sketch.calendar))
              .sort((a, b) => a - b);
            for (const [g, w] of [
              [got.median, want.median],
              [got.p90, want.p90],
            ] as const) {
              const drift = Math.abs(rankOf(pooled, g ?? NaN) - rankOf(pooled, w ?? NaN));
              expect(drift).toBeLessThanOrEqual(2 / PERIOD_SKETCH_POINTS);
            }
          }
        }
      }
      if (size === 'small') expect(exactChecked).toBeGreaterThan(100);
    },
    60_000,
  );
});
