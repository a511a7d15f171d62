import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedJobs, type EmbeddedJobs } from '../../../jobs/embedded.js';
import type { Schedule, TicketEvent } from '../../../src/domain/index.js';
import { computeBoard, type KpiDeps } from '../../../src/services/kpi/board.js';
import { drilldown } from '../../../src/services/kpi/drilldown.js';
import { exportCsv } from '../../../src/services/kpi/export-csv.js';
import {
  BoardQuerySchema,
  DrilldownQuerySchema,
  ExportQuerySchema,
} from '../../../src/services/kpi/schemas.js';
import { explainTicket } from '../../../src/services/sidebar/explain.js';
import { GROUPS, SCHEDULES } from '../../../src/simulator/catalog.js';
import { BRANDS } from '../../../src/simulator/directory.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import type { TicketTruth } from '../../../src/simulator/truth.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';
import { simulatorConnector } from './support.js';

const SINCE = Date.UTC(2023, 11, 1);
const LONDON = SCHEDULES[1] as Schedule;

/** The simulator's own tables, by id: what every name on a screen must read. */
const GROUP_NAMES = new Map<string, string>(GROUPS.map((g) => [String(g.id), g.name]));
const BRAND_NAMES = new Map<string, string>(BRANDS.map((b) => [String(b.id), b.name]));
// Agents 1001–1020 are "Agent 1"… (simulator README, "Data").
const agentName = (id: string) => `Agent ${String(Number(id) - 1000)}`;

/**
 * Business seconds in [from, to) on a schedule, minute by minute, with nothing of the engine: the
 * zone's local weekday and minute come from Intl, a minute counts when a weekly interval (minutes
 * from Sunday 00:00) holds it and its local date is no holiday. Instants are whole seconds and
 * London's offset whole hours, so UTC minutes are local minutes and overlap is exact.
 */
function businessSeconds(schedule: Schedule, from: number, to: number): number {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: schedule.timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const isOpen = (minuteStart: number) => {
    const parts = Object.fromEntries(
      format.formatToParts(new Date(minuteStart)).map((p) => [p.type, p.value]),
    );
    const date = `${parts['year'] ?? ''}-${parts['month'] ?? ''}-${parts['day'] ?? ''}`;
    if (schedule.holidays.some((h) => h.startDate <= date && date <= h.endDate)) return false;
    const week =
      days.indexOf(parts['weekday'] ?? '') * 1440 +
      Number(parts['hour']) * 60 +
      Number(parts['minute']);
    return schedule.intervals.some((i) => i.startMinute <= week && week < i.endMinute);
  };
  let seconds = 0;
  for (let m = Math.floor(from / 60_000) * 60_000; m < to; m += 60_000) {
    const overlap = Math.min(to, m + 60_000) - Math.max(from, m);
    if (overlap > 0 && isOpen(m)) seconds += overlap / 1000;
  }
  return seconds;
}

/**
 * The schedule the truth's creating update assigns, or null; null too for a ticket moved to another
 * schedule later (a few are: the agreement's `schedule_changed`), which is timed piecewise.
 */
const assignedSchedule = ({ events }: TicketTruth): string | null => {
  const assignments = events.filter(
    (e): e is Extract<TicketEvent, { type: 'schedule_change' }> => e.type === 'schedule_change',
  );
  return assignments.length === 1 ? (assignments[0]?.scheduleId ?? null) : null;
};

/** Latest solve of a ticket that is solved or closed now, from the truth's status changes. */
const lastSolve = ({ ticket, events }: TicketTruth): number | null => {
  if (ticket.status !== 'solved' && ticket.status !== 'closed') return null;
  const solves = events.filter((e) => e.type === 'status_change' && e.to === 'solved');
  return solves.at(-1)?.at ?? null;
};

/** Splits one RFC 4180 line of the export (no cell here holds a comma or a quote). */
const cells = (line: string) => line.replace(/\r\n$/, '').split(',');

/**
 * Issue 14, items 1 and 2, end to end on a simulator backfill: group, agent and brand names reach
 * the board's slices, the drill-down, explain and the CSV; every ticket is measured on the
 * schedule its creating update assigns, so London tickets run on London hours.
 */
describe.each(DATABASES)('names and per-ticket schedules on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let sim: RunningSimulator;
  let jobs: EmbeddedJobs;
  let inst: string;
  let deps: KpiDeps;
  const truths: TicketTruth[] = [];

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    sim = await startSimulator({ tickets: 150, seed: 41, rateLimit: 'off' });
    inst = (await store.createInstallation(newInstallation())).id;
    jobs = startEmbeddedJobs({
      store,
      connectorFor: () => Promise.resolve(simulatorConnector(sim)),
      now: () => Date.now(),
      reportingTimeZone: 'UTC',
    });
    deps = { store, reportingTimeZone: 'UTC', now: () => Date.now() };
    await jobs.producer.enqueue('tickets.sync', {
      installationId: inst,
      mode: 'backfill',
      since: SINCE,
    });
    await jobs.idle();
    for (let i = 0; i < sim.dataset.size; i += 1) truths.push(sim.dataset.truth(i));
  }, 180_000);

  afterAll(async () => {
    await jobs.close();
    await sim.close();
    await db.dispose();
  });

  const range = { from: '2024-01-01', to: '2025-01-31', businessHours: 'false' };

  it('names every group, agent and brand slice of the board as the helpdesk does', async () => {
    expect(await jobs.failed()).toEqual([]);
    const expected = {
      group: (id: string) => GROUP_NAMES.get(id),
      agent: agentName,
      brand: (id: string) => BRAND_NAMES.get(id),
    };
    for (const slice of ['group', 'agent', 'brand'] as const) {
      const board = await computeBoard(deps, inst, BoardQuerySchema.parse({ ...range, slice }));
      const rows = board.kpis.flatMap((k) => k.slices).filter((s) => s.sliceValue !== '');
      expect(rows.length, slice).toBeGreaterThan(0);
      for (const s of rows)
        expect(s.sliceName, `${slice} ${s.sliceValue}`).toBe(expected[slice](s.sliceValue));
    }
    const channels = await computeBoard(
      deps,
      inst,
      BoardQuerySchema.parse({ ...range, slice: 'channel' }),
    );
    for (const s of channels.kpis.flatMap((k) => k.slices)) expect(s.sliceName).toBe(s.sliceValue);
  }, 60_000);

  it('names groups and assignees in drill-down rows and explain', async () => {
    const page = await drilldown(
      deps,
      inst,
      DrilldownQuerySchema.parse({ ...range, kpi: 'first_reply', limit: 50 }),
    );
    expect(page.tickets.length).toBeGreaterThan(10);
    for (const row of page.tickets) {
      expect(row.groupName).toBe(row.groupId === null ? null : GROUP_NAMES.get(row.groupId));
      expect(row.assigneeName).toBe(row.assigneeId === null ? null : agentName(row.assigneeId));
    }
    const hopped = truths.find((t) =>
      t.events.some((e) => e.type === 'group_change' && e.from !== null),
    );
    expect(hopped).toBeDefined();
    const explained = await explainTicket(store, inst, hopped?.ticket.id ?? '');
    const ids = new Set(
      hopped?.events.flatMap((e) => (e.type === 'group_change' ? [e.from, e.to] : [])),
    );
    expect(explained.groups).toEqual(
      [...ids]
        .filter((id): id is string => id !== null)
        .sort()
        .map((id) => ({ id, name: GROUP_NAMES.get(id) })),
    );
    expect(explained.brand).toEqual({ id: hopped?.ticket.brandId, name: 'Acme Support' });
  }, 60_000);

  it('exports id and name columns side by side in the CSV', async () => {
    const lines: string[] = [];
    for await (const line of exportCsv(deps, inst, ExportQuerySchema.parse(range)))
      lines.push(line);
    const [header, ...rows] = lines.map(cells);
    const col = (name: string) => header?.indexOf(name) ?? -1;
    expect(rows.length).toBeGreaterThan(50);
    const byId = new Map(truths.map((t) => [t.ticket.id, t.ticket]));
    for (const row of rows) {
      const ticket = byId.get(row[col('ticket_id')] ?? '');
      expect(ticket).toBeDefined();
      const group = row[col('group_id')] ?? '';
      const assignee = row[col('assignee_id')] ?? '';
      expect(group).toBe(ticket?.groupId ?? '');
      expect(row[col('group_name')]).toBe(group === '' ? '' : GROUP_NAMES.get(group));
      expect(row[col('assignee_name')]).toBe(assignee === '' ? '' : agentName(assignee));
      expect(row[col('brand_name')]).toBe(BRAND_NAMES.get(row[col('brand_id')] ?? ''));
    }
  }, 60_000);

  it('times London tickets on London hours: full resolution equals a minute-by-minute count', async () => {
    const london = truths.filter((t) => assignedSchedule(t) === LONDON.id);
    // Three in ten tickets are London's (generator.ts); enough solved ones to mean something.
    const solved = london.filter((t) => lastSolve(t) !== null);
    expect(solved.length).toBeGreaterThan(15);
    let compared = 0;
    for (const truth of solved) {
      const stored = await store.getTicketMetrics(inst, truth.ticket.id);
      expect(stored?.metrics.explanation.scheduleIds).toEqual([LONDON.id]);
      const expected = businessSeconds(LONDON, truth.ticket.createdAt, lastSolve(truth) ?? 0);
      expect(stored?.metrics.fullResolution.business, truth.ticket.id).toBe(expected);
      compared += 1;
    }
    expect(compared).toBe(solved.length);
    // And New York tickets stay on New York hours.
    const newYork = truths.find(
      (t) => assignedSchedule(t) === SCHEDULES[0]?.id && lastSolve(t) !== null,
    );
    const stored = await store.getTicketMetrics(inst, newYork?.ticket.id ?? '');
    expect(stored?.metrics.explanation.scheduleIds).toEqual([SCHEDULES[0]?.id]);
  }, 120_000);
});
