import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../src/domain/index.js';
import {
  ADMIN_TOKEN,
  call,
  installation,
  openTicket,
  seed,
  solvedTicket,
  T0,
  type ApiHarness,
  startApi,
} from './support.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/** A ticket of the support fixture solved `minutes` after creation, with tags, shifted by days. */
function timed(id: string, minutes: number, tags: string[], shiftDays = 0, formId?: string) {
  const base = solvedTicket(id, `r-${id}`, 'o1');
  const shift = shiftDays * DAY;
  const solvedAt = T0 + minutes * MINUTE;
  return {
    ticket: {
      ...base.ticket,
      tags,
      ...(formId === undefined ? {} : { formId }),
      createdAt: T0 + shift,
      updatedAt: solvedAt + shift,
    },
    events: base.events.map((e, k): TicketEvent => ({
      ...e,
      at: (k === 2 ? solvedAt : e.at) + shift,
    })),
  };
}

const NEW = Array.from({ length: 25 }, (_, i) => 60 + i);
const OLD = Array.from({ length: 25 }, (_, i) => 120 + 2 * i);

let h: ApiHarness;
let a: Awaited<ReturnType<typeof installation>>;
const range = `from=${day(T0)}&to=${day(T0)}`;

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  await seed(h, a.id, [
    ...NEW.map((m, i) =>
      timed(
        `n${String(i)}`,
        m,
        ['macro_new', i < 10 ? 'reason_billing' : 'x'],
        0,
        i < 6 ? '4401' : undefined,
      ),
    ),
    ...OLD.map((m, i) => timed(`o${String(i)}`, m, ['macro_old', i < 4 ? 'reason_billing' : 'x'])),
    // In both cohorts: left out of both.
    timed('both', 90, ['macro_new', 'macro_old']),
    ...[1, 2, 3].map((n) => openTicket(`u${String(n)}`, `p${String(n)}`, 'o1')),
    // The day before, for by=period.
    ...[1, 2, 3].map((n) => timed(`prev${String(n)}`, 200 + n, [], -1)),
  ]);
  const saved = await call(h, 'PUT', `/api/v1/admin/installations/${a.id}/reason-settings`, {
    token: ADMIN_TOKEN,
    body: {
      forms: [{ formId: '4401', reason: 'returns' }],
      tagPatterns: [{ pattern: 'reason_*' }],
    },
  });
  expect(saved.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await h.close();
});

interface Kpi {
  kpi: string;
  a: { value: number | null; n: number };
  b: { value: number | null; n: number };
  difference: number | null;
  ci: { low: number; high: number } | null;
  p: number | null;
  mde: number | null;
  verdict: string;
  summary: string;
}
interface Report {
  a: { label: string; tickets: number; volumePerDay: number };
  b: { label: string; tickets: number; from: string };
  overlap: number;
  kpis: Kpi[];
}

const get = async (query: string) => {
  const res = await call(h, 'GET', `/api/v1/compare?${query}`, { token: a.secret });
  expect(res.status).toBe(200);
  const report = res.json as Report;
  const kpi = (id: string) => report.kpis.find((k) => k.kpi === id);
  return { report, kpi };
};

const sortedMedian = (values: number[]) => {
  const s = [...values].sort((x, y) => x - y);
  const mid = (s.length - 1) / 2;
  return ((s[Math.floor(mid)] ?? 0) + (s[Math.ceil(mid)] ?? 0)) / 2;
};

describe('GET /api/v1/compare', () => {
  it('compares two tags on every KPI, leaving out tickets in both', async () => {
    const { report, kpi } = await get(`${range}&by=tag&a=macro_new&b=macro_old`);
    expect(report.a).toMatchObject({
      label: 'tag macro_new',
      value: 'macro_new',
      tickets: 25,
      volumePerDay: 25,
    });
    expect(report.b).toMatchObject({ label: 'tag macro_old', value: 'macro_old', tickets: 25 });
    expect(report.overlap).toBe(1);
    expect(report.kpis).toHaveLength(9);
    const resolution = kpi('full_resolution');
    expect(resolution?.a).toEqual({ value: sortedMedian(NEW) * 60, n: 25 });
    expect(resolution?.b).toEqual({ value: sortedMedian(OLD) * 60, n: 25 });
    expect(resolution?.difference).toBe((sortedMedian(OLD) - sortedMedian(NEW)) * 60);
    // Every B value exceeds every A value: U = 625 of 625, z = (625 − 312.5 − ½) / √(625·51/12).
    const z = (625 - 312.5 - 0.5) / Math.sqrt((625 * 51) / 12);
    expect(z).toBeGreaterThan(6);
    expect(resolution?.p).toBeLessThan(1e-8);
    expect(resolution?.verdict).toBe('a_better');
    expect(resolution?.summary).toMatch(/^A is better/);
    // Same first reply (30 min) and all solved: no difference; no CES answers: too few.
    expect(kpi('first_reply')).toMatchObject({ difference: 0, p: 1, verdict: 'no_difference' });
    expect(kpi('resolution_rate')).toMatchObject({ difference: 0, verdict: 'no_difference' });
    expect(kpi('ces')).toMatchObject({ a: { value: null, n: 0 }, verdict: 'too_few' });
    expect(kpi('ces')?.summary).toMatch(/^Too few values/);
  });

  it('compares a tag with the rest, and can keep one reason only', async () => {
    const rest = await get(`${range}&by=tag&a=macro_new`);
    // A holds the ticket in both tags now; the rest is the old-macro and the open tickets.
    expect(rest.report.a.tickets).toBe(26);
    expect(rest.report.b).toMatchObject({ label: 'the rest', value: null, tickets: 28 });
    expect(rest.kpi('resolution_rate')?.b).toEqual({ value: 25 / 28, n: 28 });
    const billing = await get(`${range}&by=tag&a=macro_new&b=macro_old&reason=billing`);
    // Ten new-macro tickets are tagged billing, but the first six were filed through the returns form.
    expect([billing.report.a.tickets, billing.report.b.tickets]).toEqual([4, 4]);
    expect(billing.kpi('full_resolution')?.verdict).toBe('too_few');
    expect(billing.kpi('full_resolution')?.mde).toBeGreaterThan(0);
  });

  it('compares a ticket form with the rest, and a reason the form names', async () => {
    const form = await get(`${range}&by=form&a=4401`);
    expect([form.report.a.tickets, form.report.b.tickets]).toEqual([6, 48]);
    // The form comes before the tags: the first six new-macro tickets are "returns", not billing.
    const reason = await get(`${range}&by=reason&a=returns&b=billing`);
    expect([reason.report.a.tickets, reason.report.b.tickets]).toEqual([6, 8]);
  });

  it('compares two periods', async () => {
    const { report, kpi } = await get(
      `by=period&from=${day(T0 - DAY)}&to=${day(T0 - DAY)}&bFrom=${day(T0)}&bTo=${day(T0)}`,
    );
    expect(report.a.tickets).toBe(3);
    expect(report.b).toMatchObject({ from: day(T0), tickets: 54 });
    expect(kpi('full_resolution')?.a).toEqual({ value: 202 * 60, n: 3 });
    expect(kpi('full_resolution')?.verdict).toBe('too_few');
  });

  it('exports one CSV row per KPI', async () => {
    const res = await call(
      h,
      'GET',
      `/api/v1/compare/export.csv?${range}&by=tag&a=macro_new&b=macro_old`,
      { token: a.secret },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = res.text.trim().split('\r\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]?.startsWith('kpi,statistic,test,cohort_a,a_value,a_n,')).toBe(true);
    expect(lines[1]?.startsWith('full_resolution,median,mann_whitney,tag macro_new,4320,25,')).toBe(
      true,
    );
  });

  it.each([
    ['a missing cohort value', `${range}&by=tag`],
    ['the same cohort twice', `${range}&by=tag&a=x&b=x`],
    ['a period without its second range', `${range}&by=period&bFrom=${day(T0)}`],
    ['a second range outside by=period', `${range}&by=tag&a=x&bFrom=${day(T0)}&bTo=${day(T0)}`],
    ['an unknown dimension', `${range}&by=agent&a=1`],
    ['a reversed second range', `${range}&by=period&bFrom=${day(T0)}&bTo=${day(T0 - DAY)}`],
    ['overlapping periods', `${range}&by=period&bFrom=${day(T0 - DAY)}&bTo=${day(T0)}`],
  ])('answers %s with 400 VALIDATION_FAILED', async (_what, query) => {
    const res = await call(h, 'GET', `/api/v1/compare?${query}`, { token: a.secret });
    expect(res.status).toBe(400);
    expect((res.json as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });
});
