import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProducer } from '../../../src/queue/queue.js';
import { analyzeTicket, type AnalysisDeps } from '../../../src/services/pipeline/analyze-ticket.js';
import { computeBoard } from '../../../src/services/kpi/board.js';
import { computeTrend } from '../../../src/services/kpi/trend.js';
import {
  BoardQuerySchema,
  parseQuery,
  TrendQuerySchema,
} from '../../../src/services/kpi/schemas.js';
import { rollupDay } from '../../../src/services/pipeline/rollup-day.js';
import { openStore } from '../../../src/store/index.js';
import type { TicketStore } from '../../../src/store/store.js';
import { ms, TimelineBuilder } from '../../support/timeline-builder.js';
import { DATABASE_URL, newInstallation, storeTimelines } from '../store/support.js';
import { testSchema } from '../../support/test-schema.js';

const NOW = ms('2024-03-06T12:00:00Z');

/**
 * Backlog from the daily rollups' deltas on PostgreSQL: OLD was created and solved in January and
 * reopened on 5 March — 64 days after creation, past the rollups' creation lookback, so only the
 * status-change window finds it; NEW is open since 4 March; GONE was open for a day in January.
 */
const TIMELINES = [
  new TimelineBuilder('OLD', '2024-01-01T09:00:00Z')
    .status('2024-01-01T09:00:00Z', 'open')
    .status('2024-01-02T09:00:00Z', 'solved')
    .customer('2024-03-05T10:00:00Z')
    .status('2024-03-05T10:00:00Z', 'open')
    .build(),
  new TimelineBuilder('NEW', '2024-03-04T15:00:00Z').status('2024-03-04T15:00:00Z', 'open').build(),
  new TimelineBuilder('GONE', '2024-01-10T09:00:00Z')
    .status('2024-01-10T09:00:00Z', 'open')
    .status('2024-01-11T09:00:00Z', 'solved')
    .build(),
].map((t, i) => ({ ...t, ticket: { ...t.ticket, groupId: i === 0 ? 'g-old' : 'g-new' } }));

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = ms(`${from}T00:00:00Z`); d <= ms(`${to}T00:00:00Z`); d += 86_400_000) {
    out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out;
}

describe('backlog from the daily rollups', () => {
  let store: TicketStore;
  let inst: string;
  const db = testSchema();
  const schema = db.name;
  const producer: JobProducer = {
    enqueue: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  let deps: AnalysisDeps;

  beforeAll(async () => {
    await db.create();
    store = await openStore({ databaseUrl: DATABASE_URL, schema });
    deps = { store, producer, now: () => NOW, reportingTimeZone: 'UTC' };
    inst = (await store.createInstallation(newInstallation())).id;
    await storeTimelines(store, inst, TIMELINES);
    for (const t of TIMELINES) {
      await analyzeTicket(deps, { installationId: inst, ticketId: t.ticket.id, updatedAt: NOW });
    }
    for (const day of days('2024-01-01', '2024-03-06')) {
      await rollupDay(deps, { installationId: inst, day });
    }
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('rolls the reopen of a two-month-old ticket up on its day', async () => {
    const rows = await store.listRollups(inst, {
      from: '2024-03-05',
      to: '2024-03-05',
      dimension: 'all',
      metrics: ['backlog'],
    });
    expect(rows.map((r) => [r.day, r.sum])).toEqual([['2024-03-05', 1]]);
  });

  it('counts each day end from every earlier day, unsliced and by group', async () => {
    const board = async (slice: string) =>
      (
        await computeBoard(
          deps,
          inst,
          parseQuery(BoardQuerySchema, { from: '2024-03-05', to: '2024-03-06', slice }),
        )
      ).kpis.find((k) => k.kpi === 'backlog')?.slices;
    // 5 March ends with OLD and NEW; 6 March is counted at now; 3–4 March is the previous period.
    expect(
      (await board('none'))?.map((s) => [s.sliceValue, s.latest, s.n, s.previous?.latest]),
    ).toEqual([['', 2, 2, 1]]);
    const groups = await board('group');
    expect(groups?.map((s) => [s.sliceValue, s.latest, s.previous?.latest]).sort()).toEqual([
      ['g-new', 1, 1],
      ['g-old', 1, 0],
    ]);
  });

  it('gives the daily trend the same counts', async () => {
    const trend = await computeTrend(
      deps,
      inst,
      parseQuery(TrendQuerySchema, {
        kpi: 'backlog',
        from: '2024-01-09',
        to: '2024-01-12',
        granularity: 'day',
      }),
    );
    expect(trend.points.map((p) => [p.start, p.latest])).toEqual([
      ['2024-01-09', 0],
      ['2024-01-10', 1],
      ['2024-01-11', 0],
      ['2024-01-12', 0],
    ]);
  });
});
