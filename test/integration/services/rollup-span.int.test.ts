import { beforeAll, describe, expect, it } from 'vitest';
import { SlaMetricSchema, type LocalDate, type SlaPolicy } from '../../../src/domain/index.js';
import type { TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import { analyzeTimeline, calendarSetFor } from '../../../src/services/pipeline/analyze-ticket.js';
import { rollupDay } from '../../../src/services/pipeline/rollup-day.js';
import { spanStore } from '../../../src/services/pipeline/rollup-span.js';
import { createRandom, type Random } from '../../../src/simulator/prng.js';
import type { KpiRollup, TicketStore } from '../../../src/store/store.js';
import { TimelineBuilder, newYorkOfficeHours } from '../../support/timeline-builder.js';
import { DATABASES, withInstallationStore } from '../store/support.js';

const ZONE = 'UTC';
const DAY_MS = 86_400_000;
const BASE = Date.UTC(2024, 0, 1);
const NOW = BASE + 80 * DAY_MS;
// ~48 tickets a day over 50 days: a day's created-at window (with its 30-day look-back) is
// several of rollupDay's pages, and many look-back tickets count in the claim only through a
// late solve, an SLA breach, a CES answer or a backlog step.
const TICKETS = 2_400;
const SPREAD_DAYS = 50;

// Targets from hours to weeks, so breaches land days after creation, some inside the claim.
const POLICY: SlaPolicy = {
  id: 'p',
  name: 'p',
  targets: SlaMetricSchema.options.map((metric, i) => ({
    metric,
    priority: null,
    targetSeconds: [8 * 3600, 3 * 86_400, 12 * 86_400][i % 3] ?? 3600,
    businessHours: i % 2 === 0,
  })),
};

const iso = (at: number) => new Date(at).toISOString();

/** A ticket of the dense data set: replies, solves hours to weeks later, reopens, surveys. */
function timeline(random: Random, i: number): TicketTimeline {
  const created = BASE + Math.floor(random() * SPREAD_DAYS * 1440) * 60_000;
  const b = new TimelineBuilder(`T${String(i).padStart(5, '0')}`, iso(created), {
    requesterId: `customer-${String(i % 97)}`,
    channel: random() < 0.8 ? 'email' : 'chat',
  });
  let at = created + 60_000;
  const later = (maxDays: number) => {
    at += 60_000 + Math.floor(random() * maxDays * 1440) * 60_000;
    return iso(at);
  };
  b.assign(iso(at), null, `agent-${String(i % 5)}`).group(iso(at), null, `group-${String(i % 3)}`);
  if (random() < 0.85) b.agent(later(random() < 0.8 ? 0.5 : 6));
  if (random() < 0.3) b.status(later(1), 'pending').customer(later(3)).status(iso(at), 'open');
  if (random() < 0.8) {
    b.status(later([0.3, 2, 9, 25][Math.floor(random() * 4)] ?? 1), 'solved');
    if (random() < 0.2) b.customer(later(4)).status(iso(at), 'open').status(later(5), 'solved');
    if (random() < 0.4) b.csat(later(1), random() < 0.8 ? 'good' : 'bad');
    if (random() < 0.3) b.ces(later(6), 1 + Math.floor(random() * 7));
  }
  return b.build();
}

describe.each(DATABASES)('a claim re-rolled through its span on %s', (_name, open) => {
  let store: TicketStore;
  let inst: string;
  withInstallationStore(open, (opened) => {
    ({ store, inst } = opened);
  });

  beforeAll(async () => {
    const random = createRandom('rollup-span', 1);
    const calendars = calendarSetFor(inst, [newYorkOfficeHours()]);
    for (let i = 0; i < TICKETS; i += 1) {
      const { ticket, events } = timeline(random, i);
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
        slaPolicy: POLICY,
      });
      await store.saveTicketMetrics(inst, analysis);
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
});
