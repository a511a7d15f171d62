import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedForecastRollups } from '../../support/forecast-rollups.js';
import { simulateHistory, SUPPORT_WEEK } from '../../support/forecast-history.js';
import {
  call,
  installation,
  openTicket,
  seed,
  solvedTicket,
  startApi,
  T0,
  type ApiHarness,
} from './support.js';

// The harness clock is 2024-03-04 09:00 UTC (a Monday): history ends on Sunday 3 March.
const FIRST_DAY = '2023-11-13';
const DAYS = 112;
const GROUP = '800';

interface BandJson {
  mean: number;
  p80: { low: number; high: number };
  p95: { low: number; high: number };
}
interface ForecastJson {
  status: string;
  asOf: string;
  group: string | null;
  history: { date: string; created: number; solved: number; backlog: number }[];
  daily: {
    date: string;
    isHoliday: boolean;
    created: BandJson;
    solved: BandJson;
    backlog: BandJson;
  }[];
  hourly: { date: string; hour: number; created: BandJson }[];
  backtest: { origins: number; created: { mape: number | null; coverage80: number | null } };
}

const dateAt = (i: number) => Temporal.PlainDate.from(FIRST_DAY).add({ days: i }).toString();
// Holidays of the schedule: two in the history, Friday 8 March in the forecast.
const HOLIDAYS = [38, 88, DAYS + 4];

let h: ApiHarness;
let a: { id: string; secret: string };
let empty: { id: string; secret: string };
const spec = { ...SUPPORT_WEEK, start: FIRST_DAY, days: DAYS, holidays: HOLIDAYS };
const team = simulateHistory({ ...spec, seed: 41 });
const group = simulateHistory({
  ...spec,
  seed: 42,
  arrivals: SUPPORT_WEEK.arrivals.map((v) => v / 4),
  capacity: SUPPORT_WEEK.capacity.map((v) => v / 4),
});

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  empty = await installation(h);
  await seedForecastRollups(h.store, a.id, { team, group, groupId: GROUP }, HOLIDAYS);
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('GET /api/v1/forecast', () => {
  it('forecasts the whole team from its rollups, holidays from the schedules', async () => {
    const r = await call(h, 'GET', '/api/v1/forecast', { token: a.secret });
    expect(r.status).toBe(200);
    const doc = r.json as ForecastJson;
    expect(doc).toMatchObject({ status: 'ok', asOf: '2024-03-03', group: null });
    // The chart's history is the simulated truth, read back through the rollups.
    expect(doc.history).toHaveLength(56);
    expect(doc.history.at(-1)).toMatchObject({
      date: '2024-03-03',
      created: team.at(-1)?.created,
      solved: team.at(-1)?.solved,
      backlog: team.at(-1)?.backlog,
    });
    expect(doc.daily.map((d) => d.date)).toEqual(
      Array.from({ length: 14 }, (_, k) => dateAt(DAYS + k)),
    );
    // Monday 4 March: the process's mean arrivals (80 + 0.05/day trend), within Poisson noise.
    const truth = (SUPPORT_WEEK.arrivals[0] ?? 0) + SUPPORT_WEEK.trendPerDay * DAYS;
    expect(Math.abs((doc.daily[0]?.created.mean ?? 0) - truth)).toBeLessThan(
      3 * Math.sqrt(truth) + 8,
    );
    // Friday 8 March is a holiday: nobody solves.
    expect(doc.daily[4]).toMatchObject({ isHoliday: true });
    expect(doc.daily[4]?.solved.p95.high).toBeLessThan(3);
    expect(doc.hourly).toHaveLength(7 * 24);
    // Every day of the last 8 weeks is an origin; the figures exist.
    expect(doc.backtest.origins).toBe(56);
    expect(doc.backtest.created.mape).toBeGreaterThan(0);
    expect(doc.backtest.created.coverage80).toBeGreaterThan(0.6);
  });

  it("forecasts one group from the group's own rollups", async () => {
    const r = await call(h, 'GET', `/api/v1/forecast?group=${GROUP}`, { token: a.secret });
    expect(r.status).toBe(200);
    const doc = r.json as ForecastJson;
    expect(doc.group).toBe(GROUP);
    expect(doc.history.at(-1)?.backlog).toBe(group.at(-1)?.backlog);
    // A quarter of the team's arrivals.
    const truth = ((SUPPORT_WEEK.arrivals[0] ?? 0) + SUPPORT_WEEK.trendPerDay * DAYS) / 4;
    expect(Math.abs((doc.daily[0]?.created.mean ?? 0) - truth)).toBeLessThan(
      3 * Math.sqrt(truth) + 3,
    );
  });

  it('says so when there is too little history, without failing', async () => {
    const r = await call(h, 'GET', '/api/v1/forecast', { token: empty.secret });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'insufficient_history', daily: [], hourly: [] });
  });

  it('answers the same forecast as CSV', async () => {
    const r = await call(h, 'GET', '/api/v1/forecast.csv', { token: a.secret });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('kind,date,hour,series,actual,mean,p80_low,p80_high,p95_low,p95_high');
    // 56 history days, 14 forecast days and 168 hours, three series each.
    expect(lines).toHaveLength(1 + 3 * (56 + 14 + 168));
    expect(lines).toContain(`history,2024-03-03,,backlog,${String(team.at(-1)?.backlog)},,,,,`);
    expect(lines.filter((l) => l.startsWith('daily,2024-03-08,,solved,'))).toHaveLength(1);
  });

  it('rejects a bad group with a 400 and a code, and a missing secret with a 401', async () => {
    for (const query of ['group=a%20b', 'group=', 'other=1']) {
      const r = await call(h, 'GET', `/api/v1/forecast?${query}`, { token: a.secret });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const r = await call(h, 'GET', '/api/v1/forecast.csv', { token: null });
    expect(r.status).toBe(401);
  });
});

describe('hourly counts (ForecastStore)', () => {
  it('counts created by creation and solved by last solve per local weekday and hour', async () => {
    const b = await installation(h);
    const other = solvedTicket('3003', '503', '601');
    await seed(h, b.id, [
      solvedTicket('3001', '501', '601'),
      openTicket('3002', '502', '601'),
      { ...other, ticket: { ...other.ticket, groupId: '801' } },
    ]);
    // Created Friday 1 March 09:00 UTC, solved 11:00 UTC: 10:00 and 12:00 in Rome (UTC+1).
    const query = { from: T0 - 86_400_000, to: T0 + 86_400_000, timeZone: 'Europe/Rome' };
    expect(await h.store.countTicketsByHour(b.id, { ...query, groupId: GROUP })).toEqual([
      { weekday: 4, hour: 10, created: 2, solved: 0 },
      { weekday: 4, hour: 12, created: 0, solved: 1 },
    ]);
    expect(await h.store.countTicketsByHour(b.id, { ...query, groupId: null })).toEqual([
      { weekday: 4, hour: 10, created: 3, solved: 0 },
      { weekday: 4, hour: 12, created: 0, solved: 2 },
    ]);
    // Outside the window, and another installation's tickets, count nothing.
    expect(
      await h.store.countTicketsByHour(b.id, { ...query, from: T0 + 3_600_000, groupId: null }),
    ).toEqual([{ weekday: 4, hour: 12, created: 0, solved: 2 }]);
    expect(await h.store.countTicketsByHour(empty.id, { ...query, groupId: null })).toEqual([]);
  });
});
