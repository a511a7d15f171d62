import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import type { TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import { computeBoard } from '../../../src/services/kpi/board.js';
import type { KpiDeps } from '../../../src/services/kpi/board.js';
import { drilldown } from '../../../src/services/kpi/drilldown.js';
import { exportCsv } from '../../../src/services/kpi/export-csv.js';
import { computeTrend } from '../../../src/services/kpi/trend.js';
import {
  BoardQuerySchema,
  DrilldownQuerySchema,
  ExportQuerySchema,
  TrendQuerySchema,
  parseQuery,
} from '../../../src/services/kpi/schemas.js';
import type { Board, BoardSlice, KpiName } from '../../../src/services/kpi/schemas.js';
import { DATABASES, type TestDatabase } from '../store/support.js';
import { CURRENT, PREVIOUS, datasetTimelines, openSeeded, utcRange } from './kpi/dataset.js';

const cell = (board: Board, kpi: KpiName, value = ''): BoardSlice => {
  const found = board.kpis.find((k) => k.kpi === kpi)?.slices.find((s) => s.sliceValue === value);
  if (found === undefined) throw new Error(`no ${kpi} cell for '${value}'`);
  return found;
};

type Range = { from: string; to: string };
const DAYS = 7;

// Hand counts from the raw events of the data set, without the metrics engine or the rollups.
const inRange = (at: number, range: Range) => {
  const { start, end } = utcRange(range);
  return at >= start && at < end;
};
/** The instant of the ticket's last solve, if it is solved now (its last status change). */
const solvedAt = (t: TicketTimeline): number | null => {
  const last = t.events.filter((e) => e.type === 'status_change').at(-1);
  return last?.type === 'status_change' && last.to === 'solved' ? last.at : null;
};
const publicMessages = (t: TicketTimeline) =>
  t.events.filter(
    (e) =>
      e.type === 'comment' && e.public && (e.authorKind === 'agent' || e.authorKind === 'end_user'),
  ).length;

function truth(range: Range, group?: string) {
  const tickets = datasetTimelines().filter(
    (t) => group === undefined || t.ticket.groupId === group,
  );
  const created = tickets.filter((t) => inRange(t.ticket.createdAt, range)).length;
  const solved = tickets.filter((t) => {
    const at = solvedAt(t);
    return at !== null && inRange(at, range);
  });
  const messages = solved.map(publicMessages);
  return {
    created,
    solved: solved.length,
    interactions: messages.reduce((a, b) => a + b, 0) / messages.length,
  };
}

describe.each(DATABASES)('Volume, resolution rate and interactions on %s', (_name, open) => {
  let db: TestDatabase;
  let deps: KpiDeps;
  let inst: string;
  const board = (query: Record<string, string>) =>
    computeBoard(deps, inst, parseQuery(BoardQuerySchema, { ...CURRENT, ...query }));

  beforeAll(async () => {
    ({ db, deps, inst } = await openSeeded(open));
  }, 120_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('matches a hand count for the whole team, now and in the previous period', async () => {
    const b = await board({});
    const now = truth(CURRENT);
    const was = truth(PREVIOUS);
    // The hand counts themselves, so a data set change cannot make both sides drift together.
    expect([now.created, now.solved, now.interactions]).toEqual([7, 6, 14 / 6]);
    expect([was.created, was.solved]).toEqual([4, 3]);

    const volume = cell(b, 'ticket_volume');
    expect(volume).toMatchObject({ n: DAYS, mean: now.created / DAYS });
    expect(volume.detail).toEqual({ total: now.created });
    expect(volume.previous).toMatchObject({ n: DAYS, mean: was.created / DAYS });
    expect(volume.change).toBeCloseTo((now.created - was.created) / was.created, 9);

    const rate = cell(b, 'resolution_rate');
    expect(rate).toMatchObject({ n: now.created, rate: now.solved / now.created });
    expect(rate.detail).toEqual({ solved: now.solved, created: now.created });
    expect(rate.change).toBeCloseTo(now.solved / now.created - was.solved / was.created, 9);

    const interactions = cell(b, 'interactions_per_ticket');
    expect(interactions.n).toBe(now.solved);
    expect(interactions.mean).toBeCloseTo(now.interactions, 9);
  });

  it('matches a hand count for one group slice', async () => {
    const b = await board({ slice: 'group' });
    for (const group of ['g1', 'g2']) {
      const want = truth(CURRENT, group);
      expect(cell(b, 'ticket_volume', group).detail, group).toEqual({ total: want.created });
      expect(cell(b, 'resolution_rate', group).rate, group).toBeCloseTo(
        want.solved / want.created,
        9,
      );
      expect(cell(b, 'interactions_per_ticket', group).mean, group).toBeCloseTo(
        want.interactions,
        9,
      );
    }
    // g2 created C4 and C5 but also solved O2, created before the range: a rate above 100 %.
    expect(cell(b, 'resolution_rate', 'g2').rate).toBeGreaterThan(1);
  });

  it('gives the same daily counts through the trend, and lists the created tickets', async () => {
    const trend = await computeTrend(
      deps,
      inst,
      parseQuery(TrendQuerySchema, { ...CURRENT, kpi: 'ticket_volume' }),
    );
    const perDay = trend.points.map((p) => (p.detail?.['total'] as number | undefined) ?? 0);
    const want = trend.points.map(
      (p) =>
        datasetTimelines().filter((t) =>
          inRange(t.ticket.createdAt, { from: p.start, to: p.start }),
        ).length,
    );
    expect(perDay).toEqual(want);
    const listed = await drilldown(
      deps,
      inst,
      parseQuery(DrilldownQuerySchema, { ...CURRENT, kpi: 'ticket_volume' }),
    );
    const created = datasetTimelines().filter((t) => inRange(t.ticket.createdAt, CURRENT));
    expect(listed.tickets.map((t) => t.ticketId).sort()).toEqual(
      created.map((t) => t.ticket.id).sort(),
    );
    await expect(
      drilldown(
        deps,
        inst,
        parseQuery(DrilldownQuerySchema, { ...CURRENT, kpi: 'resolution_rate' }),
      ),
    ).rejects.toThrow(ValidationError);
  });

  it("exports each ticket's interactions in the CSV's last column", async () => {
    const lines: string[] = [];
    for await (const line of exportCsv(deps, inst, parseQuery(ExportQuerySchema, { ...CURRENT })))
      lines.push(line);
    const [header = [], ...rows] = lines.map((l) => l.trimEnd().split(','));
    expect(header.at(-1)).toBe('interactions');
    const byId = new Map(datasetTimelines().map((t) => [t.ticket.id, publicMessages(t)]));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Number(row.at(-1)), row[0]).toBe(byId.get(row[0] ?? ''));
  });
});
