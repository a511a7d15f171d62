import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../../../src/domain/index.js';
import type { JobProducer } from '../../../src/queue/queue.js';
import { analyzeTicket, type AnalysisDeps } from '../../../src/services/pipeline/analyze-ticket.js';
import { computeBoard } from '../../../src/services/kpi/board.js';
import { drilldown } from '../../../src/services/kpi/drilldown.js';
import { exportCsv } from '../../../src/services/kpi/export-csv.js';
import {
  BoardQuerySchema,
  DrilldownQuerySchema,
  ExportQuerySchema,
  parseQuery,
} from '../../../src/services/kpi/schemas.js';
import { rollupDay } from '../../../src/services/pipeline/rollup-day.js';
import { openStore } from '../../../src/store/index.js';
import type { TicketStore } from '../../../src/store/store.js';
import { ms, newYorkOfficeHours, TimelineBuilder } from '../../support/timeline-builder.js';
import { DATABASE_URL, newInstallation, storeTimelines } from '../store/support.js';
import { testSchema } from '../../support/test-schema.js';

const ZONE = 'America/New_York';
const DAYS = ['2024-03-04', '2024-03-05', '2024-03-06'];
const RANGE = { from: '2024-03-04', to: '2024-03-06' };
const POLICY: SlaPolicy = {
  id: 'p1',
  name: 'Standard',
  targets: [
    { metric: 'first_reply_time', priority: null, targetSeconds: 3600, businessHours: true },
  ],
};

/**
 * metrics.md §11(d), T-SLA: FRT target 60 business minutes on the NY 9–17 schedule. T1 (Mon
 * 16:30, reply Tue 09:45) is breached at Tue 09:30; T2 (Mon 10:00, reply 10:40) is achieved; T3
 * (Tue 16:50, unreplied at Wed 09:00) is running and excluded: attainment 1/2.
 */
const TIMELINES = [
  new TimelineBuilder('T1', '2024-03-04T16:30:00-05:00', { scheduleId: 'ny-9-17' })
    .agent('2024-03-05T09:45:00-05:00')
    .build(),
  new TimelineBuilder('T2', '2024-03-04T10:00:00-05:00', { scheduleId: 'ny-9-17' })
    .agent('2024-03-04T10:40:00-05:00')
    .build(),
  new TimelineBuilder('T3', '2024-03-05T16:50:00-05:00', { scheduleId: 'ny-9-17' }).build(),
];

describe('SLA attainment from the daily rollups (T-SLA)', () => {
  let store: TicketStore;
  let inst: string;
  let now = ms('2024-03-06T09:00:00-05:00');
  const db = testSchema();
  const schema = db.name;
  const producer: JobProducer = {
    enqueue: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const deps = (): AnalysisDeps => ({
    store,
    producer,
    now: () => now,
    reportingTimeZone: ZONE,
  });
  const analyzeAll = async () => {
    for (const t of TIMELINES) {
      await analyzeTicket(deps(), { installationId: inst, ticketId: t.ticket.id, updatedAt: now });
    }
    for (const day of DAYS) await rollupDay(deps(), { installationId: inst, day });
  };
  const slaCell = async () => {
    const board = await computeBoard(deps(), inst, parseQuery(BoardQuerySchema, RANGE));
    const kpi = board.kpis.find((k) => k.kpi === 'sla_attainment');
    expect(kpi?.unavailable).toBeNull();
    return kpi?.slices.find((s) => s.sliceValue === '');
  };

  beforeAll(async () => {
    await db.create();
    store = await openStore({ databaseUrl: DATABASE_URL, schema });
    inst = (await store.createInstallation(newInstallation())).id;
    await store.saveSchedules(inst, [newYorkOfficeHours()]);
    await storeTimelines(store, inst, TIMELINES);
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('without an SLA policy there are no instances, so no attainment', async () => {
    await analyzeAll();
    expect((await store.getTicketMetrics(inst, 'T1'))?.dims.sla).toBeUndefined();
    expect(await slaCell()).toMatchObject({ n: 0 });
  });

  it('with the policy: T1 breached at Tue 09:30, T2 achieved, T3 running → 50%', async () => {
    await store.updateInstallationSettings(inst, { slaPolicy: POLICY });
    await analyzeAll();
    expect((await store.getTicketMetrics(inst, 'T1'))?.dims.sla).toEqual([
      {
        metric: 'first_reply_time',
        breachAt: ms('2024-03-05T09:30:00-05:00'),
        fulfilledAt: ms('2024-03-05T09:45:00-05:00'),
      },
    ]);
    const cell = await slaCell();
    expect(cell).toMatchObject({ n: 2, rate: 0.5 });
    expect(cell?.detail).toEqual({
      byMetric: { first_reply_time: { n: 2, achieved: 1, rate: 0.5 } },
    });
    // Each instance sits on the day that decided it: T2 on Monday, T1's breach on Tuesday.
    const rows = await store.listRollups(inst, {
      ...RANGE,
      dimension: 'all',
      metrics: ['sla_first_reply_time'],
    });
    expect(rows.map((r) => [r.day, r.n, r.sum])).toEqual([
      ['2024-03-04', 1, 1],
      ['2024-03-05', 1, 0],
    ]);
  });

  it('counts T3 as breached once its breach instant (Wed 09:50) has passed', async () => {
    now = ms('2024-03-06T10:00:00-05:00');
    await rollupDay(deps(), { installationId: inst, day: '2024-03-06' });
    expect(await slaCell()).toMatchObject({ n: 3, rate: 1 / 3 });
  });

  it('exports per-ticket SLA counts in the CSV and refuses a drill-down', async () => {
    const lines: string[] = [];
    for await (const line of exportCsv(deps(), inst, parseQuery(ExportQuerySchema, RANGE))) {
      lines.push(line);
    }
    const header = (lines[0] ?? '').trim().split(',');
    const column = (ticketId: string, name: string) =>
      lines
        .find((l) => l.startsWith(`${ticketId},`))
        ?.trim()
        .split(',')[header.indexOf(name)];
    expect([column('T1', 'sla_achieved'), column('T1', 'sla_breached')]).toEqual(['0', '1']);
    expect([column('T2', 'sla_achieved'), column('T2', 'sla_breached')]).toEqual(['1', '0']);
    expect([column('T3', 'sla_achieved'), column('T3', 'sla_breached')]).toEqual(['0', '1']);
    await expect(
      drilldown(
        deps(),
        inst,
        parseQuery(DrilldownQuerySchema, { ...RANGE, kpi: 'sla_attainment' }),
      ),
    ).rejects.toThrow(/SLA target instances, not tickets/);
  });
});
