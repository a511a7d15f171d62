import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../src/domain/index.js';
import { analyzeTimeline, calendarSetFor } from '../../../src/services/pipeline/analyze-ticket.js';
import { latestRollupInstant } from '../../../src/metrics/rollup-instants.js';
import { rollupDay, ticketContributions } from '../../../src/services/pipeline/rollup-day.js';
import { spanStore } from '../../../src/services/pipeline/rollup-span.js';
import { createRandom } from '../../../src/simulator/prng.js';
import type { KpiRollup, StoredTicketMetrics, TicketStore } from '../../../src/store/store.js';
import { BASE, DAY_MS, DENSE_POLICY, denseTimeline, iso } from '../../support/dense-timelines.js';
import { newYorkOfficeHours } from '../../support/timeline-builder.js';
import { DATABASES, withInstallationStore, type TestDatabase } from '../store/support.js';

const ZONE = 'UTC';
const NOW = BASE + 80 * DAY_MS;
// ~48 tickets a day over 50 days: a day's created-at window (with its 30-day look-back) is
// several of rollupDay's pages, and many look-back tickets count in the claim only through a
// late solve, an SLA breach, a CES answer or a backlog step.
const TICKETS = 2_400;

describe.each(DATABASES)('a claim re-rolled through its span on %s', (_name, open) => {
  let store: TicketStore;
  let inst: string;
  let db: TestDatabase;
  const analysed: StoredTicketMetrics[] = [];
  withInstallationStore(open, (opened) => {
    ({ store, inst, db } = opened);
  });

  beforeAll(async () => {
    const random = createRandom('rollup-span', 1);
    const calendars = calendarSetFor(inst, [newYorkOfficeHours()]);
    for (let i = 0; i < TICKETS; i += 1) {
      const { ticket, events } = denseTimeline(random, i);
      const stored = {
        ticket,
        events: [...events],
        timelineVersion: 1,
        handleTimeEntries: [],
        surveyAnswers: [],
      };
      const analysis = analyzeTimeline(stored, {
        now: NOW,
        calendars,
        recent: [],
        slaPolicy: DENSE_POLICY,
      });
      await store.saveTicketMetrics(inst, analysis);
      analysed.push(analysis);
    }
  }, 300_000); // Thousands of single saves: slow on PGlite on a loaded machine.

  /** Each day's rollups as rollupDay computes them reading the store itself, day by day. */
  async function perDay(days: readonly LocalDate[]): Promise<KpiRollup[][]> {
    const out: KpiRollup[][] = [];
    for (const day of days)
      out.push(
        await rollupDay(
          { store, reportingTimeZone: ZONE, now: () => NOW },
          { installationId: inst, day },
        ),
      );
    return out;
  }

  it('writes every day of a dense claim exactly as rolling each day up alone does', async () => {
    // 14 consecutive days with a full look-back (a longer span than a claim's runs are), and two
    // days on their own.
    const long = Array.from({ length: 14 }, (_, i) => iso(BASE + (32 + i) * DAY_MS).slice(0, 10));
    const runs = [
      long,
      [iso(BASE + 48 * DAY_MS).slice(0, 10)],
      [iso(BASE + 51 * DAY_MS).slice(0, 10)],
    ];
    const days = runs.flat();
    const spanned: KpiRollup[][] = [];
    for (const run of runs) {
      const span = await spanStore(store, inst, run, ZONE);
      for (const day of run)
        spanned.push(
          await rollupDay(
            { store: span, reportingTimeZone: ZONE, now: () => NOW },
            { installationId: inst, day },
          ),
        );
    }
    const alone = await perDay(days);
    expect(alone.flat().length).toBeGreaterThan(days.length * 50);
    expect(JSON.stringify(spanned)).toBe(JSON.stringify(alone));
  });

  it('rolls each day up alike whether or not the store leaves out what counts only before', async () => {
    const unfiltered = Object.create(store) as TicketStore;
    unfiltered.queryTicketMetrics = (id, query) => {
      const whole = { ...query };
      delete whole.countsFrom;
      return store.queryTicketMetrics(id, whole);
    };
    const days = Array.from({ length: 20 }, (_, i) => iso(BASE + (30 + i) * DAY_MS).slice(0, 10));
    for (const day of days) {
      const deps = { reportingTimeZone: ZONE, now: () => NOW };
      const payload = { installationId: inst, day };
      const filtered = await rollupDay({ ...deps, store }, payload);
      const whole = await rollupDay({ ...deps, store: unfiltered }, payload);
      expect(whole.length, day).toBeGreaterThan(20);
      expect(JSON.stringify(filtered), day).toBe(JSON.stringify(whole));
    }
  });

  it('leaves out in SQL the look-back tickets that count on no day from the run on', async () => {
    const run = Array.from({ length: 16 }, (_, i) => iso(BASE + (34 + i) * DAY_MS).slice(0, 10));
    const from = BASE + 34 * DAY_MS;
    const to = BASE + 50 * DAY_MS;
    const received = new Set<string>();
    const counting = Object.create(store) as TicketStore;
    counting.queryTicketMetrics = async (id, query) => {
      const rows = await store.queryTicketMetrics(id, query);
      if (query.field === 'created_at') for (const r of rows) received.add(r.metrics.ticketId);
      return rows;
    };
    await spanStore(counting, inst, run, ZONE);
    const window = analysed.filter(
      ({ metrics }) => metrics.createdAt >= from - 30 * DAY_MS && metrics.createdAt < to,
    );
    // What the span must hold: every ticket with a contribution on one of the run's days at some
    // `now` (all SLA outcomes decided at the far future, none but fulfilments at the run's start).
    const needed = window.filter((row) =>
      [from, Number.MAX_SAFE_INTEGER].some((now) =>
        ticketContributions(row, 7, now).some((c) => c.at !== null && c.at >= from && c.at < to),
      ),
    );
    for (const row of needed) expect(received).toContain(row.metrics.ticketId);
    // Most of the look-back counts only before the run: the store does not send those.
    expect(needed.length).toBeGreaterThan(200);
    expect(received.size).toBeLessThan(window.length * 0.75);
  });

  it('keeps a ticket whose latest rollup instant is the bound, and any not analysed since 033', async () => {
    const row = analysed[7];
    if (row === undefined) throw new Error('no analyses');
    const id = row.metrics.ticketId;
    const latest = latestRollupInstant(row.metrics, row.dims.sla);
    const ids = async (countsFrom: number) => {
      const window = {
        field: 'created_at' as const,
        from: row.metrics.createdAt,
        to: row.metrics.createdAt + 1,
      };
      const rows = await store.queryTicketMetrics(inst, { ...window, limit: 10, countsFrom });
      return rows.map((r) => r.metrics.ticketId);
    };
    expect(await ids(latest)).toEqual([id]);
    expect(await ids(latest + 1)).toEqual([]);
    // A row written before migration 033 has no rollup_until: it must still be read.
    await db.client.query(
      'UPDATE ticket_metrics SET rollup_until = NULL WHERE installation_id = $1 AND ticket_id = $2',
      [inst, id],
    );
    expect(await ids(latest + 1)).toEqual([id]);
  });
});
