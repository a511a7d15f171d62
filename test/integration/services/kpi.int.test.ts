import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { summarizeDistribution, wilsonInterval } from '../../../src/metrics/stats.js';
import type { TicketMetrics } from '../../../src/metrics/types.js';
import { computeBoard } from '../../../src/services/kpi/board.js';
import type { KpiDeps } from '../../../src/services/kpi/board.js';
import { BoardQuerySchema, parseQuery } from '../../../src/services/kpi/schemas.js';
import type { Board, BoardSlice, KpiName } from '../../../src/services/kpi/schemas.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';
import { CURRENT, PREVIOUS, openSeeded, utcRange } from './kpi/dataset.js';

const cell = (board: Board, kpi: KpiName, value = ''): BoardSlice => {
  const found = board.kpis.find((k) => k.kpi === kpi)?.slices.find((s) => s.sliceValue === value);
  if (found === undefined) throw new Error(`no ${kpi} cell for '${value}'`);
  return found;
};

describe.each(DATABASES)('KPI board on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let deps: KpiDeps;
  let inst: string;
  let metrics: Map<string, TicketMetrics>;
  const board = (query: Record<string, string>) =>
    computeBoard(deps, inst, parseQuery(BoardQuerySchema, { ...CURRENT, ...query }));
  /** Tickets whose last solve falls in a UTC range, as the rollups bucket them. */
  const solvedIn = (range: { from: string; to: string }) => {
    const { start, end } = utcRange(range);
    return [...metrics.values()].filter(
      (m) => m.lastSolvedAt !== null && m.lastSolvedAt >= start && m.lastSolvedAt < end,
    );
  };

  beforeAll(async () => {
    ({ db, store, deps, inst, metrics } = await openSeeded(open));
  }, 120_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('merges duration sketches into the exact median, p90 and mean on both clocks', async () => {
    const solved = solvedIn(CURRENT);
    expect(solved.map((m) => m.ticketId).sort()).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'O2']);
    for (const businessHours of ['false', 'true']) {
      const b = await board({ businessHours });
      const clock = businessHours === 'true' ? 'business' : 'calendar';
      const want = summarizeDistribution(solved.map((m) => m.fullResolution[clock]));
      const got = cell(b, 'full_resolution');
      expect(got.n).toBe(want.n);
      expect(got.median).toBeCloseTo(want.median ?? NaN, 6);
      expect(got.p90).toBeCloseTo(want.p90 ?? NaN, 6);
      expect(got.mean).toBeCloseTo(want.mean ?? NaN, 6);
      expect(b.kpis.find((k) => k.kpi === 'full_resolution')?.businessHoursApplied).toBe(
        businessHours === 'true',
      );
    }
  });

  it('compares with the previous period of equal length', async () => {
    const b = await board({});
    expect(b.previous).toEqual(PREVIOUS);
    const before = summarizeDistribution(solvedIn(PREVIOUS).map((m) => m.fullResolution.calendar));
    const got = cell(b, 'full_resolution');
    expect(got.previous?.n).toBe(before.n);
    expect(got.previous?.median).toBeCloseTo(before.median ?? NaN, 6);
    const now = got.median ?? NaN;
    const was = before.median ?? NaN;
    expect(got.change).toBeCloseTo((now - was) / was, 9);
  });

  it('reports reopen, one-touch and CSAT rates with Wilson intervals', async () => {
    const b = await board({});
    // Six solves in range: C2 was reopened; C1, C3, C4, C5, O2 had one public reply.
    expect(cell(b, 'reopen_rate')).toMatchObject({ n: 6, rate: 1 / 6, ci: wilsonInterval(1, 6) });
    expect(cell(b, 'one_touch')).toMatchObject({ n: 6, rate: 5 / 6, ci: wilsonInterval(5, 6) });
    // Good C1, C2, C4; bad C3.
    expect(cell(b, 'csat')).toMatchObject({ n: 4, rate: 3 / 4, ci: wilsonInterval(3, 4) });
    expect(cell(b, 'csat').previous).toMatchObject({ n: 2, rate: 1 / 2 });
    expect(cell(b, 'csat').change).toBeCloseTo(0.25, 9);
  });

  it('computes AHT over tickets with time data, with coverage of solved tickets', async () => {
    const got = cell(await board({}), 'aht');
    expect(got).toMatchObject({ n: 2, mean: 900, median: 900 });
    expect(got.detail).toEqual({ solved: 6, coverage: 2 / 6 });
  });

  it('keeps CES scales apart and computes NPS from answers in range', async () => {
    const b = await board({});
    const ces = cell(b, 'ces');
    // 1–7 answers 7, 5, 2 headline; C4's 1–5 lower-is-better answer is its own scale.
    expect(ces).toMatchObject({ n: 3, mean: 14 / 3, median: 5, rate: 2 / 3 });
    const scales = (ces.detail?.['scales'] ?? []) as { scaleMax: number; n: number }[];
    expect(scales.map((s) => [s.scaleMax, s.n])).toEqual([
      [5, 1],
      [7, 3],
    ]);
    // 10, 9, 3, 8 → P 2, D 1 of 4 = +25; previous period: one 10 → +100.
    expect(cell(b, 'nps')).toMatchObject({ n: 4, score: 25, change: -75 });
  });

  it('counts the backlog at each day end (hand-computed series 2,3,1,2,1,2,2)', async () => {
    const got = cell(await board({}), 'backlog');
    expect(got).toMatchObject({ n: 7, latest: 2, median: 2, mean: 13 / 7 });
  });

  it('slices by group, and by agent as assignee', async () => {
    const b = await board({ slice: 'group' });
    const g1 = cell(b, 'full_resolution', 'g1');
    const g2 = cell(b, 'full_resolution', 'g2');
    expect([g1.n, g2.n]).toEqual([3, 3]);
    expect(cell(b, 'backlog', 'g1').latest).toBe(2);
    const agents = await board({ slice: 'agent', attribution: 'assignee' });
    expect(agents.attribution).toBe('assignee');
    expect(cell(agents, 'csat', 'a1')).toMatchObject({ n: 2, rate: 1 });
  });

  it('refuses attributions the rollups cannot answer', async () => {
    await expect(board({ slice: 'agent', attribution: 'solver' })).rejects.toThrow(ValidationError);
  });

  it('shows SLA attainment with no instances when the installation has no SLA policy', async () => {
    const sla = (await board({})).kpis.find((k) => k.kpi === 'sla_attainment');
    expect(sla?.unavailable).toBeNull();
    expect(sla?.slices.map((s) => [s.sliceValue, s.n])).toEqual([['', 0]]);
  });

  it('never shows another installation rows', async () => {
    const empty = (await store.createInstallation(newInstallation())).id;
    const b = await computeBoard(deps, empty, parseQuery(BoardQuerySchema, { ...CURRENT }));
    for (const kpi of b.kpis)
      for (const s of kpi.slices) expect(s.n, kpi.kpi).toBe(kpi.kpi === 'backlog' ? 7 : 0);
    expect(cell(b, 'backlog').latest).toBe(0);
  });
});
