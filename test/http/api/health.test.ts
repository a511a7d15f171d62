import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  call,
  installation,
  openTicket,
  seed,
  solvedTicket,
  startApi,
  type ApiHarness,
} from './support.js';

// The harness clock is 2024-03-04 09:00 UTC; seeded tickets are created on 1 March.
const RANGE = 'from=2024-02-04&to=2024-03-04';

interface AccountsJson {
  to: string;
  accounts: { accountId: string; kind: string; tickets: number; signals: { open: number } }[];
  totals: { accounts: number; valueAtRisk: number | null };
}

let h: ApiHarness;
let a: { id: string; secret: string };
let b: { id: string; secret: string };

beforeAll(async () => {
  h = await startApi({ adminToken: ADMIN_TOKEN });
  a = await installation(h);
  b = await installation(h);
  await seed(h, a.id, [
    solvedTicket('1', 'r1', 'org-1'),
    openTicket('2', 'r1', 'org-1'),
    solvedTicket('3', 'r2', 'org-2'),
  ]);
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('customer health API', () => {
  it("scores each organisation from its stored tickets, and only the caller's", async () => {
    const r = await call(h, 'GET', `/api/v1/health/accounts?${RANGE}`, { token: a.secret });
    expect(r.status).toBe(200);
    const doc = r.json as AccountsJson;
    expect(doc.to).toBe('2024-03-04');
    const byId = new Map(doc.accounts.map((x) => [x.accountId, x]));
    expect(byId.get('org-1')).toMatchObject({ kind: 'organization', tickets: 2 });
    expect(byId.get('org-1')?.signals.open).toBe(1);
    expect(byId.get('org-2')).toMatchObject({ tickets: 1 });
    expect(doc.totals).toMatchObject({ accounts: 2, valueAtRisk: null });
    const other = await call(h, 'GET', `/api/v1/health/accounts?${RANGE}`, { token: b.secret });
    expect((other.json as AccountsJson).accounts).toEqual([]);
    const peek = await call(h, 'GET', `/api/v1/health/accounts/org-1?${RANGE}`, {
      token: b.secret,
    });
    expect(peek.json).toEqual({ account: null, tickets: [] });
  });

  it("drills down to an account's tickets and exports CSV", async () => {
    const r = await call(h, 'GET', `/api/v1/health/accounts/org-1?${RANGE}`, { token: a.secret });
    expect(r.status).toBe(200);
    const detail = r.json as { tickets: { ticketId: string; open: boolean }[] };
    expect(detail.tickets.map((t) => [t.ticketId, t.open]).sort()).toEqual([
      ['1', false],
      ['2', true],
    ]);
    const csv = await call(h, 'GET', `/api/v1/health/accounts.csv?${RANGE}`, { token: a.secret });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'account_id,kind,name,day,score,status,tickets,value,value_at_risk,reasons',
    );
    expect(lines).toHaveLength(3);
  });

  it('says churn is not configured until the settings name a churn marker', async () => {
    const r = await call(h, 'GET', `/api/v1/health/churn?${RANGE}`, { token: a.secret });
    expect(r.json).toMatchObject({ status: 'not_configured', churnRate: null, comparison: [] });
    const put = await call(h, 'PUT', `/api/v1/admin/installations/${a.id}/health-settings`, {
      token: ADMIN_TOKEN,
      body: { valueField: 'arr', churnDateField: 'churned_on', churnTag: null },
    });
    expect(put.status).toBe(200);
    const after = await call(h, 'GET', `/api/v1/health/churn?${RANGE}`, { token: a.secret });
    expect(after.json).toMatchObject({ status: 'ok' });
  });

  it('rejects bad input with a 400 and a code', async () => {
    for (const path of [
      '/api/v1/health/accounts?from=2024-03-05&to=2024-03-04',
      '/api/v1/health/accounts?from=2024-02-04&to=2024-03-04&status=sad',
      '/api/v1/health/accounts/a%20b?from=2024-02-04&to=2024-03-04',
      '/api/v1/health/churn?from=2024-02-04',
    ]) {
      const r = await call(h, 'GET', path, { token: a.secret });
      expect(r.status, path).toBe(400);
      expect(r.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const put = await call(h, 'PUT', `/api/v1/admin/installations/${a.id}/health-settings`, {
      token: ADMIN_TOKEN,
      body: { valueField: '', churnDateField: null, churnTag: null },
    });
    expect(put.status).toBe(400);
  });
});
