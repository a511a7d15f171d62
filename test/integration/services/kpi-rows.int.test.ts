import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import type { TicketMetrics } from '../../../src/metrics/types.js';
import type { KpiDeps } from '../../../src/services/kpi/board.js';
import { computeBoard } from '../../../src/services/kpi/board.js';
import { drilldown } from '../../../src/services/kpi/drilldown.js';
import { exportCsv } from '../../../src/services/kpi/export-csv.js';
import {
  BoardQuerySchema,
  DrilldownQuerySchema,
  ExportQuerySchema,
  TrendQuerySchema,
  parseQuery,
} from '../../../src/services/kpi/schemas.js';
import type { DrilldownTicket, KpiName } from '../../../src/services/kpi/schemas.js';
import { computeTrend } from '../../../src/services/kpi/trend.js';
import { DATABASES, type TestDatabase } from '../store/support.js';
import { CURRENT, openSeeded } from './kpi/dataset.js';

describe.each(DATABASES)('KPI trend, drill-down and export on %s', (_name, open) => {
  let db: TestDatabase;
  let deps: KpiDeps;
  let inst: string;
  let metrics: Map<string, TicketMetrics>;
  const trend = (query: Record<string, string>) =>
    computeTrend(deps, inst, parseQuery(TrendQuerySchema, { ...CURRENT, ...query }));
  /** Follows nextCursor to the end, `limit` tickets per call. */
  const drillAll = async (query: Record<string, string>, limit = 2) => {
    const all: DrilldownTicket[] = [];
    let cursor: string | undefined;
    for (let calls = 0; calls < 50; calls += 1) {
      const page = await drilldown(
        deps,
        inst,
        parseQuery(DrilldownQuerySchema, {
          ...CURRENT,
          limit: String(limit),
          ...query,
          ...(cursor === undefined ? {} : { cursor }),
        }),
      );
      expect(page.tickets.length).toBeLessThanOrEqual(limit);
      all.push(...page.tickets);
      if (page.nextCursor === null) return all;
      cursor = page.nextCursor;
    }
    throw new Error('drill-down never ended');
  };

  beforeAll(async () => {
    ({ db, deps, inst, metrics } = await openSeeded(open));
  }, 120_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('buckets a trend by day and by Monday-start week', async () => {
    const daily = await trend({ kpi: 'full_resolution' });
    expect(daily.points.map((p) => [p.start, p.n])).toEqual([
      ['2024-03-04', 1],
      ['2024-03-05', 0],
      ['2024-03-06', 3],
      ['2024-03-07', 0],
      ['2024-03-08', 2],
      ['2024-03-09', 0],
      ['2024-03-10', 0],
    ]);
    const weekly = await trend({ kpi: 'full_resolution', granularity: 'week', from: '2024-03-01' });
    expect(weekly.points.map((p) => [p.start, p.n])).toEqual([
      ['2024-02-26', 2],
      ['2024-03-04', 6],
    ]);
    const b = await computeBoard(deps, inst, parseQuery(BoardQuerySchema, { ...CURRENT }));
    const cell = b.kpis.find((k) => k.kpi === 'full_resolution')?.slices[0];
    expect(weekly.points[1]?.median).toBe(cell?.median);
  });

  it('trends the backlog as end-of-day counts and slices survey KPIs', async () => {
    const backlog = await trend({ kpi: 'backlog' });
    expect(backlog.points.map((p) => p.latest)).toEqual([2, 3, 1, 2, 1, 2, 2]);
    const g2 = await trend({ kpi: 'backlog', slice: 'group', sliceValue: 'g2' });
    // g2: O2 pending until 03-06 12:00, C4 open over the end of 03-07.
    expect(g2.points.map((p) => p.latest)).toEqual([1, 1, 0, 1, 0, 0, 0]);
    const nps = await trend({ kpi: 'nps', granularity: 'week' });
    expect(nps.points).toMatchObject([{ start: '2024-03-04', n: 4, score: 25 }]);
  });

  it('lists exactly the tickets each rollup cell counted, paging by cursor', async () => {
    const b = await computeBoard(deps, inst, parseQuery(BoardQuerySchema, { ...CURRENT }));
    const kpis: KpiName[] = [
      'first_reply',
      'first_resolution',
      'full_resolution',
      'requester_wait',
      'reopen_rate',
      'one_touch',
      'csat',
    ];
    for (const kpi of kpis) {
      const cell = b.kpis.find((k) => k.kpi === kpi)?.slices[0];
      const tickets = await drillAll({ kpi });
      expect(tickets.length, kpi).toBe(cell?.n);
      const ids = tickets.map((t) => t.ticketId);
      expect(ids, kpi).toEqual([...ids].sort());
      if (cell?.rate !== undefined && cell.rate !== null) {
        expect(
          tickets.reduce((s, t) => s + (t.value ?? 0), 0),
          kpi,
        ).toBe(Math.round(cell.rate * cell.n));
      }
    }
    const full = await drillAll({ kpi: 'full_resolution', businessHours: 'true' }, 4);
    for (const t of full) {
      expect(t.value).toBe(metrics.get(t.ticketId)?.fullResolution.business);
    }
    const replies = await drillAll({ kpi: 'first_reply' });
    expect(replies.map((t) => t.ticketId)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'O1']);
  });

  it('drills into slices, surveys and the backlog', async () => {
    const g1 = await drillAll({ kpi: 'full_resolution', slice: 'group', sliceValue: 'g1' });
    expect(g1.map((t) => t.ticketId)).toEqual(['C1', 'C2', 'C3']);
    const ces = await drillAll({ kpi: 'ces' }, 1);
    expect(ces.map((t) => [t.ticketId, t.value, t.scale])).toEqual([
      ['C1', 7, '1-7'],
      ['C2', 5, '1-7'],
      ['C3', 2, '1-7'],
      ['C4', 5, '1-5'],
    ]);
    const backlog = await drillAll({ kpi: 'backlog' }, 1);
    expect(backlog.map((t) => [t.ticketId, t.status])).toEqual([
      ['C6', 'new'],
      ['O1', 'open'],
    ]);
  });

  it('rejects a forged cursor and a drill-down into SLA target instances', async () => {
    const query = (extra: Record<string, string>) =>
      drilldown(deps, inst, parseQuery(DrilldownQuerySchema, { ...CURRENT, ...extra }));
    await expect(query({ kpi: 'csat', cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(
      ValidationError,
    );
    await expect(query({ kpi: 'sla_attainment' })).rejects.toThrow(
      /SLA target instances, not tickets/,
    );
  });

  it('exports one CSV row per ticket with a KPI event in range', async () => {
    const lines: string[] = [];
    const query = parseQuery(ExportQuerySchema, { ...CURRENT });
    for await (const line of exportCsv(deps, inst, query)) lines.push(line);
    expect(lines.every((l) => l.endsWith('\r\n'))).toBe(true);
    const rows = lines.map((l) => l.trimEnd().split(','));
    const header = rows[0] ?? [];
    const ids = rows.slice(1).map((r) => r[0]);
    expect(ids).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'O1', 'O2']);
    const c1 = Object.fromEntries(header.map((h, i) => [h, rows[1]?.[i]]));
    expect(c1).toMatchObject({
      ticket_id: 'C1',
      clock: 'calendar',
      full_resolution_seconds: '14400',
      tags: 'billing vip',
      csat: 'good',
      ces: '7',
      nps: '10',
      one_touch: '1',
      handle_time_seconds: '600',
    });
  });
});
