import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BoardDocumentSchema,
  DrilldownSchema,
  KpiRegistrySchema,
  TrendSchema,
} from '../../../src/services/kpi/contracts.js';
import {
  call,
  installation,
  openTicket,
  seed,
  solvedTicket,
  startApi,
  type ApiHarness,
} from './support.js';

let h: ApiHarness;
let a: { id: string; secret: string };
let b: { id: string; secret: string };
const RANGE = 'from=2024-03-01&to=2024-03-01';

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  b = await installation(h);
  await seed(h, a.id, [
    solvedTicket('1001', '501', '601'),
    openTicket('1002', '502', '601'),
    solvedTicket('1003', '504', '601'),
  ]);
  await seed(h, b.id, [solvedTicket('2001', '503', '602')]);
}, 60_000);

afterAll(async () => {
  await h.close();
});

interface BoardJson {
  previous: { from: string; to: string };
  kpis: { kpi: string; slices: { sliceValue: string; n: number; median: number | null }[] }[];
}

const fullResolution = (board: BoardJson) =>
  board.kpis.find((k) => k.kpi === 'full_resolution')?.slices[0];

describe('KPI auth', () => {
  it.each([
    `/api/v1/kpis/board?${RANGE}`,
    `/api/v1/kpis/trend?${RANGE}&kpi=first_reply`,
    `/api/v1/kpis/drilldown?${RANGE}&kpi=full_resolution`,
    `/api/v1/kpis/export.csv?${RANGE}`,
  ])('%s answers 401 without a valid app secret', async (path) => {
    for (const token of [null, 'nope']) {
      const r = await call(h, 'GET', path, { token });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });
});

describe('GET /api/v1/kpis/board', () => {
  it("computes the caller's KPIs only, with the previous period", async () => {
    const r = await call(h, 'GET', `/api/v1/kpis/board?${RANGE}`, { token: a.secret });
    expect(r.status).toBe(200);
    const board = r.json as BoardJson;
    expect(board.previous).toEqual({ from: '2024-02-29', to: '2024-02-29' });
    expect(fullResolution(board)).toMatchObject({ sliceValue: '', n: 2, median: 7200 });
    const other = (await call(h, 'GET', `/api/v1/kpis/board?${RANGE}`, { token: b.secret }))
      .json as BoardJson;
    expect(fullResolution(other)).toMatchObject({ n: 1, median: 7200 });
    // The flag the board shows while history is re-analysed (none ran here).
    expect((r.json as { reanalysis: unknown }).reanalysis).toMatchObject({ running: false });
  });

  it.each([
    ['a missing range', ''],
    ['from after to', 'from=2024-03-02&to=2024-03-01'],
    ['a date that does not exist', 'from=2024-02-30&to=2024-03-01'],
    ['a range over 400 days', 'from=2020-01-01&to=2024-03-01'],
    ['businessHours=yes', `${RANGE}&businessHours=yes`],
    ['an unknown slice', `${RANGE}&slice=planet`],
    ['solver attribution on the agent slice', `${RANGE}&slice=agent&attribution=solver`],
    ['a repeated parameter', `${RANGE}&from=2024-03-01`],
  ])('answers 400 VALIDATION_FAILED to %s', async (_name, query) => {
    const r = await call(h, 'GET', `/api/v1/kpis/board?${query}`, { token: a.secret });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('GET /api/v1/kpis/trend and /drilldown', () => {
  it('returns one point per day', async () => {
    const r = await call(h, 'GET', `/api/v1/kpis/trend?${RANGE}&kpi=full_resolution`, {
      token: a.secret,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      kpi: 'full_resolution',
      points: [{ start: '2024-03-01', n: 2, median: 7200 }],
    });
    const bad = await call(h, 'GET', `/api/v1/kpis/trend?${RANGE}&kpi=happiness`, {
      token: a.secret,
    });
    expect(bad.status).toBe(400);
  });

  it("lists the cell's tickets of the caller only", async () => {
    const path = `/api/v1/kpis/drilldown?${RANGE}&kpi=full_resolution&limit=10`;
    const mine = await call(h, 'GET', path, { token: a.secret });
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({
      tickets: [
        { ticketId: '1001', value: 7200 },
        { ticketId: '1003', value: 7200 },
      ],
    });
    const theirs = await call(h, 'GET', path, { token: b.secret });
    expect(theirs.json).toMatchObject({ tickets: [{ ticketId: '2001' }] });
    const badCursor = await call(h, 'GET', `${path}&cursor=%%%`, { token: a.secret });
    expect(badCursor.status).toBe(400);
    const noValue = await call(h, 'GET', `${path}&slice=group`, { token: a.secret });
    expect(noValue.status).toBe(400);
  });
});

describe('GET /api/v1/kpis/export.csv', () => {
  it('streams a CSV with a header and one row per ticket of the caller', async () => {
    const r = await call(h, 'GET', `/api/v1/kpis/export.csv?${RANGE}`, { token: a.secret });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toContain('deskpulse-2024-03-01-2024-03-01.csv');
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^ticket_id,status,created_at,/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['1001', '1002', '1003']);
    expect(r.text).not.toContain('2001');
  });

  it('answers 400 before streaming when the range is bad', async () => {
    const r = await call(h, 'GET', '/api/v1/kpis/export.csv?from=2024-03-01', { token: a.secret });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('GET /api/v1/kpis/registry', () => {
  it("serves every KPI's definition, the one the board's KPIs carry", async () => {
    const r = await call(h, 'GET', '/api/v1/kpis/registry', { token: a.secret });
    expect(r.status).toBe(200);
    const { kpis } = r.json as { kpis: { id: string; unit: string; headline: string }[] };
    expect(kpis.find((k) => k.id === 'backlog')).toMatchObject({
      unit: 'count',
      headline: 'latest',
    });
    const board = (await call(h, 'GET', `/api/v1/kpis/board?${RANGE}`, { token: a.secret }))
      .json as { kpis: { kpi: string; unit: string; headline: string; display: unknown }[] };
    for (const k of board.kpis) {
      const spec = kpis.find((s) => s.id === k.kpi);
      expect(k).toMatchObject({ unit: spec?.unit, headline: spec?.headline });
      expect(k.display).toBeDefined();
    }
  });
});

describe('KPI response contracts', () => {
  it.each([
    ['/api/v1/kpis/registry', KpiRegistrySchema],
    [`/api/v1/kpis/board?${RANGE}&slice=group`, BoardDocumentSchema],
    [`/api/v1/kpis/board?${RANGE}&businessHours=true`, BoardDocumentSchema],
    [`/api/v1/kpis/trend?${RANGE}&kpi=ces`, TrendSchema],
    [`/api/v1/kpis/drilldown?${RANGE}&kpi=full_resolution`, DrilldownSchema],
  ] as const)('%s answers what its contract says', async (path, schema) => {
    const r = await call(h, 'GET', path, { token: a.secret });
    expect(r.status).toBe(200);
    const parsed = (schema as z.ZodType).safeParse(r.json);
    expect(parsed.error?.issues ?? []).toEqual([]);
    // Nothing the contract does not name: the parsed (field-stripping) copy is the whole answer.
    expect(parsed.data).toEqual(r.json);
  });

  it('documents each KPI view with its schema in the OpenAPI document', async () => {
    const doc = (await call(h, 'GET', '/api/v1/openapi.json')).json as {
      paths: Record<
        string,
        { get: { responses: Record<string, { content?: Record<string, { schema: Schema }> }> } }
      >;
    };
    interface Schema {
      type?: string;
      properties?: Record<string, unknown>;
    }
    for (const [path, field] of [
      ['registry', 'kpis'],
      ['board', 'kpis'],
      ['trend', 'points'],
      ['drilldown', 'nextCursor'],
    ]) {
      const ok = doc.paths[`/api/v1/kpis/${path}`]?.get.responses['200'];
      const schema = ok?.content?.['application/json']?.schema;
      expect(schema?.type).toBe('object');
      expect(Object.keys(schema?.properties ?? {})).toContain(field);
    }
  });
});
