import type { FrameLocator } from 'playwright-core';
import { expect } from 'vitest';
import type { BoardTruth } from './screen-board.js';
import { cells, DURATIONS, type Cell, type Dimension, type Kpi } from './screen-expected.js';
import { duration, headline, percent } from './screen-format.js';
import { businessSeconds, DAY, type TicketFacts } from './screen-truth.js';

/**
 * A number's detail, opened by clicking it: the trend's table (the chart's points, one per UTC
 * day) and the drill-down's tickets with their values, each against the test's own computation.
 */

type Located = ReturnType<FrameLocator['locator']>;

/** The little of a table row the test reads in the page (the test's types have no DOM). */
interface ShownRow {
  getAttribute(name: string): string | null;
  children: ArrayLike<{ textContent: string | null }> & Iterable<{ textContent: string | null }>;
}

const NONE = '—';
const dayLabel = (at: number) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
const count = (n: number) => new Intl.NumberFormat('en').format(n);

/** A cell's headline (and p90 for durations) as the trend table prints them. */
function pointTexts(kpi: Kpi, c: Cell): string[] {
  const value = headline(kpi, c);
  const none = c.n === 0;
  if (DURATIONS.has(kpi) || kpi === 'aht')
    return [none ? NONE : duration(value), none ? NONE : duration(c.p90)];
  if (kpi === 'nps' || kpi === 'backlog')
    return [none ? NONE : new Intl.NumberFormat('en').format(value ?? 0)];
  return [none ? NONE : percent(value)];
}

const rowsOf = (table: Located) =>
  table.evaluateAll((trs) =>
    (trs as unknown as ShownRow[]).map((tr) => ({
      key: tr.getAttribute('data-start') ?? tr.getAttribute('data-ticket') ?? '',
      cells: [...tr.children].map((c) => (c.textContent ?? '').trim()),
    })),
  );

/** Compares the open detail's trend table, day by day; returns the values compared. */
export async function compareTrend(
  frame: FrameLocator,
  truth: BoardTruth,
  kpi: Kpi,
  dim: Dimension,
  key: string,
): Promise<number> {
  const table = frame.locator('.dp-detail .dp-trend-data tbody tr');
  await expect.poll(() => table.count(), { timeout: 30_000 }).toBeGreaterThan(0);
  const rows = await rowsOf(table);
  const { start, end, now } = truth.current;
  const days: number[] = [];
  for (let day = start; day < end && day < now; day += DAY) days.push(day);
  expect(
    rows.map((r) => r.key),
    `${kpi} trend days`,
  ).toEqual(days.map((d) => new Date(d).toISOString().slice(0, 10)));
  let compared = 0;
  for (const [k, day] of days.entries()) {
    const period = { start: day, end: day + DAY, now };
    const cell = cells(kpi, truth.facts, dim, period, truth.scheduleOf, truth.slaScheduleOf).get(
      key,
    ) ?? { n: 0, median: null, p90: null, mean: null, rate: null, score: null, latest: null };
    const expected = [dayLabel(day), ...pointTexts(kpi, cell), count(cell.n)];
    expect(rows[k]?.cells, `${kpi} trend ${dayLabel(day)}`).toEqual(expected);
    compared += expected.length;
  }
  return compared;
}

/**
 * Compares the open detail's drill-down of a duration KPI for one slice: exactly the tickets the
 * truth puts in the cell (the slice's own, not the whole team's), each with its value.
 */
export async function compareDrilldown(
  frame: FrameLocator,
  truth: BoardTruth,
  kpi: 'first_resolution' | 'full_resolution' | 'first_reply',
  dim: 'group' | 'agent',
  key: string,
): Promise<number> {
  const table = frame.locator('.dp-detail .dp-drilldown tbody tr');
  await expect.poll(() => table.count(), { timeout: 30_000 }).toBeGreaterThan(0);
  const rows = await rowsOf(table);
  const { start, end } = truth.current;
  const expected = new Map<string, string>();
  for (const f of truth.facts) {
    if (f.status === 'deleted' || (dim === 'group' ? f.dims.group : f.dims.agent) !== key) continue;
    const at = completing(kpi, f);
    if (at === null || at < start || at >= end) continue;
    const seconds =
      truth.scheduleOf === null
        ? (at - f.createdAt) / 1000
        : businessSeconds(truth.scheduleOf(f), f.createdAt, at);
    expected.set(f.id, duration(seconds));
  }
  expect(rows.map((r) => r.key).sort(), `${kpi} drill-down of ${dim} ${key}`).toEqual(
    [...expected.keys()].sort(),
  );
  for (const row of rows)
    expect(row.cells[1], `drill-down value of ticket ${row.key}`).toBe(expected.get(row.key));
  return rows.length * 2;
}

function completing(kpi: string, f: TicketFacts): number | null {
  if (kpi === 'first_reply') return f.firstReplyAt;
  return kpi === 'first_resolution' ? f.firstSolveAt : f.lastSolveAt;
}
