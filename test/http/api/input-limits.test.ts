import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  call,
  installation,
  seed,
  solvedTicket,
  startApi,
  type ApiHarness,
} from './support.js';

let h: ApiHarness;
let a: { id: string; secret: string };

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  await seed(h, a.id, [solvedTicket('1001', '501', '601')]);
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}, 60_000);

afterAll(async () => {
  nock.enableNetConnect();
  await h.close();
});

const KPI_PATHS = [
  '/api/v1/kpis/board?',
  '/api/v1/kpis/trend?kpi=ces&',
  '/api/v1/kpis/trend?kpi=nps&',
  '/api/v1/kpis/drilldown?kpi=first_reply&',
  '/api/v1/kpis/export.csv?',
];

describe('report dates outside 1900-01-01..2999-12-31', () => {
  it.each(
    KPI_PATHS.flatMap((path) => [
      [path, 'from=0001-01-01&to=0001-01-01'],
      [path, 'from=9999-12-01&to=9999-12-31'],
      [path, 'from=1899-12-31&to=1900-01-01'],
      [path, 'from=2999-12-31&to=3000-01-01'],
    ]),
  )('%s%s answers 400 VALIDATION_FAILED naming the bounds', async (path, range) => {
    const r = await call(h, 'GET', `${path}${range}`, { token: a.secret });
    expect(r.status).toBe(400);
    const error = (r.json as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('1900-01-01');
    expect(error.message).toContain('2999-12-31');
  });

  it.each(KPI_PATHS)('%s accepts the bounds themselves', async (path) => {
    for (const range of ['from=1900-01-01&to=1900-01-31', 'from=2999-12-01&to=2999-12-31']) {
      const r = await call(h, 'GET', `${path}${range}`, { token: a.secret });
      expect(r.status, `${path}${range}: ${r.text.slice(0, 200)}`).toBe(200);
    }
  });
});

describe('NUL characters in text', () => {
  const cursorWithNul = Buffer.from(
    JSON.stringify({ phase: 'created', after: '\u0000' }),
    'utf8',
  ).toString('base64url');

  it.each([
    '/api/v1/kpis/trend?kpi=first_reply&from=2024-03-01&to=2024-03-02&slice=group&sliceValue=%00',
    '/api/v1/kpis/drilldown?kpi=first_reply&from=2024-03-01&to=2024-03-02&slice=tag&sliceValue=a%00b',
    `/api/v1/kpis/drilldown?kpi=first_reply&from=2024-03-01&to=2024-03-02&cursor=${cursorWithNul}`,
  ])('GET %s answers 400', async (path) => {
    const r = await call(h, 'GET', path, { token: a.secret });
    expect(r.status, r.text.slice(0, 200)).toBe(400);
    expect((r.json as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('an alert webhookUrl with a NUL answers 400', async () => {
    const r = await call(h, 'POST', '/api/v1/alerts', {
      token: a.secret,
      body: {
        kpi: 'first_reply',
        rule: { type: 'threshold', op: '>', value: 60 },
        minSample: 1,
        cooldownMinutes: 60,
        webhookUrl: 'https://hooks.example.com/a\u0000b',
      },
    });
    expect(r.status, r.text.slice(0, 200)).toBe(400);
    expect((r.json as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('a quarantine retry with a NUL recordKey answers 400', async () => {
    const r = await call(h, 'POST', `/api/v1/admin/installations/${a.id}/quarantine/retry`, {
      token: ADMIN_TOKEN,
      body: { stream: 'tickets', recordKey: '\u0000' },
    });
    expect(r.status, r.text.slice(0, 200)).toBe(400);
    expect((r.json as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('the message names the field, never the value', async () => {
    const r = await call(h, 'POST', `/api/v1/admin/installations/${a.id}/quarantine/retry`, {
      token: ADMIN_TOKEN,
      body: { stream: 'tickets', recordKey: 'secret\u0000' },
    });
    const message = (r.json as { error: { message: string } }).error.message;
    expect(message).toContain('recordKey');
    expect(message).not.toContain('secret');
  });
});
