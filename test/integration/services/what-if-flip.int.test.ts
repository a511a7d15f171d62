import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../../../src/domain/index.js';
import { AppError } from '../../../src/errors.js';
import type { JobProducer } from '../../../src/queue/queue.js';
import { analyzeTicket } from '../../../src/services/pipeline/analyze-ticket.js';
import { whatIf } from '../../../src/services/whatif/what-if.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { ms, newYorkOfficeHours, TimelineBuilder } from '../../support/timeline-builder.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';

const HOUR = 3600;
const NOW = ms('2024-03-08T12:00:00-05:00');
const frt = (seconds: number, businessHours = true): SlaPolicy => ({
  id: 'p',
  name: 'FRT',
  targets: [{ metric: 'first_reply_time', priority: null, targetSeconds: seconds, businessHours }],
});

/**
 * Hand-computed: T1 opened Mon 16:00 New York, answered Tue 10:00, on the 9–17 office schedule:
 * 2 business hours (16–17, 9–10). Under a 4-business-hour first-reply target it is achieved at
 * Tue 10:00; under 1 hour it is breached at Mon 17:00. T2, answered after 30 minutes, stays
 * achieved. With the office open around the clock, T1's reply takes its 18 calendar hours.
 */
const T1 = new TimelineBuilder('T1', '2024-03-04T16:00:00-05:00', { scheduleId: 'ny-9-17' })
  .agent('2024-03-05T10:00:00-05:00')
  .status('2024-03-05T11:00:00-05:00', 'solved')
  .build();
const T2 = new TimelineBuilder('T2', '2024-03-05T09:00:00-05:00', { scheduleId: 'ny-9-17' })
  .agent('2024-03-05T09:30:00-05:00')
  .build();

describe.each(DATABASES)('what-if, a hand-computed flip, on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  const producer: JobProducer = {
    enqueue: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const deps = () => ({ store, reportingTimeZone: 'America/New_York', now: () => NOW });

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation())).id;
    await store.saveSchedules(inst, [newYorkOfficeHours()]);
    await store.updateInstallationSettings(inst, { slaPolicy: frt(4 * HOUR) });
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: 'c1',
      tickets: [T1.ticket, T2.ticket],
      events: [...T1.events, ...T2.events],
    });
    const analysis = { ...deps(), producer };
    for (const id of ['T1', 'T2'])
      await analyzeTicket(analysis, { installationId: inst, ticketId: id, updatedAt: NOW });
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
  });

  it('lists T1 flipping from achieved to breached under a 1-hour target, with both instants', async () => {
    const report = await whatIf(deps(), inst, {
      proposal: { slaPolicy: frt(HOUR) },
      flipLimit: 10,
    });
    expect(report.flips).toEqual({
      total: 1,
      achievedToBreached: 1,
      breachedToAchieved: 0,
      tickets: [
        {
          ticketId: 'T1',
          metric: 'first_reply_time',
          priority: 'normal',
          current: 'achieved',
          proposed: 'breached',
          currentAt: new Date(ms('2024-03-05T10:00:00-05:00')).toISOString(),
          proposedAt: new Date(ms('2024-03-04T17:00:00-05:00')).toISOString(),
        },
      ],
    });
    expect(report.overall.sla).toEqual([
      {
        metric: 'first_reply_time',
        priority: 'normal',
        current: { achieved: 2, breached: 0, attainment: 1 },
        proposed: { achieved: 1, breached: 1, attainment: 0.5 },
      },
    ]);
    expect(report.months.map((m) => [m.month, m.tickets])).toEqual([['2024-03', 2]]);
  });

  it('recomputes business hours under a proposed schedule: the office open around the clock', async () => {
    const always = {
      ...newYorkOfficeHours(),
      intervals: [{ startMinute: 0, endMinute: 7 * 1440 }],
    };
    const report = await whatIf(deps(), inst, { proposal: { schedules: [always] }, flipLimit: 10 });
    const first = report.overall.durations.find((d) => d.metric === 'first_reply');
    // Stored: T1 2 h, T2 0.5 h; around the clock T1 is 18 h. Medians of two: their means.
    expect(first?.current).toEqual({ n: 2, median: 1.25 * HOUR, p90: 1.85 * HOUR });
    expect(first?.proposed).toEqual({ n: 2, median: 9.25 * HOUR, p90: 16.25 * HOUR });
    // T1 still replied within 4 business hours? No: 18 h > 4 h, so it flips to breached at Mon 20:00.
    expect(report.flips.tickets.map((f) => [f.ticketId, f.proposedAt])).toEqual([
      ['T1', new Date(ms('2024-03-04T20:00:00-05:00')).toISOString()],
    ]);
  });

  it('refuses bad proposals with a code', async () => {
    const codeOf = async (proposal: Parameters<typeof whatIf>[2]['proposal']) => {
      const error: unknown = await whatIf(deps(), inst, { proposal, flipLimit: 0 }).catch(
        (e: unknown) => e,
      );
      return error instanceof AppError ? [error.status, error.code] : error;
    };
    expect(await codeOf({})).toEqual([400, 'WHATIF_EMPTY_PROPOSAL']);
    const twice = frt(HOUR);
    twice.targets.push(...frt(60).targets);
    expect(await codeOf({ slaPolicy: twice })).toEqual([400, 'WHATIF_DUPLICATE_TARGET']);
    const closed = { ...newYorkOfficeHours(), intervals: [] };
    expect(await codeOf({ schedules: [closed] })).toEqual([400, 'WHATIF_SCHEDULE_WITHOUT_HOURS']);
    const office = newYorkOfficeHours();
    expect(await codeOf({ schedules: [office, office] })).toEqual([
      400,
      'WHATIF_DUPLICATE_SCHEDULE',
    ]);
  });
});
