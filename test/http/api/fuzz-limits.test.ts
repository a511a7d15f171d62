import { createHmac, randomUUID } from 'node:crypto';
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
import { freshClaim } from '../../support/role-claims.js';

/**
 * Every operation of the OpenAPI document, each from a request it accepts, then with one input at
 * a time replaced: a date by the calendar's limits (and by the documented bounds themselves), any
 * text by a NUL character. Nothing may answer 500: a bad value is a 4xx with a code.
 */

const WEBHOOK_SECRET = 'fuzz-webhook-signing-secret-0123456789abcdef';

const LIMIT_DATES = ['0001-01-01', '0000-01-01', '9999-12-31', '1900-01-01', '2999-12-31'];
const NUL_TEXTS = ['\u0000', 'a\u0000b'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One request: its inputs as JSON, so each can be replaced, and how the body goes out. */
interface Shape {
  params: Record<string, string>;
  query: Record<string, string>;
  body?: Json;
  bodyAs?: 'json' | 'form' | 'signed';
  token: string | null;
  /** Headers sent as they are (the role claim of the in-app admin routes). */
  headers?: Record<string, string>;
}

let h: ApiHarness;
type Installed = Awaited<ReturnType<typeof installation>>;
let a: Installed;
/** An installation that never synced, so a backfill of it is accepted. */
let fresh: Installed;
/** Installations whose secret is rotated and which are deleted by the lifecycle routes. */
let spare: Installed;
let doomed: Installed;
/** The installation the in-app rotation rotates (its own, so the other cases keep their secret). */
let rotator: Installed;
let operations: { method: string; path: string }[];
let surveyToken: string;
let alertId: string;
let recordKey: string;
let appRecordKey: string;

beforeAll(async () => {
  h = await startApi({ webhookSecret: WEBHOOK_SECRET });
  a = await installation(h);
  fresh = await installation(h);
  spare = await installation(h);
  doomed = await installation(h);
  rotator = await installation(h);
  await seed(h, a.id, [solvedTicket('1001', '501', '601'), solvedTicket('1002', '502', '601')]);
  const doc = (await call(h, 'GET', '/api/v1/openapi.json')).json as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  );
  const link = await call(h, 'GET', '/api/v1/tickets/1002/survey-link', { token: a.secret });
  surveyToken = new URL((link.json as { url: string }).url).pathname.split('/').at(-1) ?? '';
  const alert = await call(h, 'POST', '/api/v1/alerts', { token: a.secret, body: alertBody() });
  alertId = (alert.json as { id: string }).id;
  await h.store.writeSyncPage({
    installationId: a.id,
    stream: 'tickets',
    checkpoint: 'cp-quarantine',
    quarantined: [
      { stream: 'tickets', sourceId: '1003', reason: 'bad', raw: { id: 1003 } },
      { stream: 'tickets', sourceId: '1004', reason: 'bad', raw: { id: 1004 } },
    ],
  });
  const list = await call(h, 'GET', `/api/v1/admin/installations/${a.id}/quarantine`, {
    token: ADMIN_TOKEN,
  });
  const entries = (list.json as { entries: { recordKey: string }[] }).entries;
  // One record for the operators' retry and one for the in-app admin's: a retry resolves it.
  recordKey = entries[0]?.recordKey ?? '';
  appRecordKey = entries[1]?.recordKey ?? '';
  // The in-app admin's backfill view needs a backfill of the calling installation.
  await call(h, 'POST', `/api/v1/admin/installations/${fresh.id}/backfill`, {
    token: ADMIN_TOKEN,
    body: { since: '2024-01-01' },
  });
  // Webhook registration reaches for Zendesk: no network, so it fails as a 502.
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  // Registration first checks the credentials with the helpdesk: an admin answers.
  nock(/\.zendesk\.com/)
    .persist()
    .get('/api/v2/users/me.json')
    .reply(200, { user: { id: 1, role: 'admin', name: 'Fuzz Admin' } });
}, 60_000);

afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await h.close();
});

function alertBody(): Json {
  return {
    kpi: 'first_reply',
    rule: { type: 'threshold', op: '>', value: 60 },
    minSample: 1,
    cooldownMinutes: 60,
    webhookUrl: 'https://hooks.example.com/deskpulse',
  };
}

const RANGE = { from: '2024-03-01', to: '2024-03-31' };

/** A request each operation accepts; a route missing here fails the test. */
function validShape(method: string, path: string): Shape | undefined {
  const app = { params: {}, query: {}, token: a.secret };
  const admin = { params: { id: a.id }, query: {}, token: ADMIN_TOKEN };
  const ticket = { ...app, params: { ticketId: '1001' } };
  // The in-app admin routes: the app secret plus an admin role claim signed with the app's key.
  const claimed = (who: Installed): Shape => ({
    params: {},
    query: {},
    token: who.secret,
    headers: { 'x-deskpulse-role-claim': freshClaim(who.roleClaimKey, 'admin', h.clock.now) },
  });
  const ended = h.clock.now - 60_000;
  const shapes: Record<string, Shape> = {
    'GET /healthz': { ...app, token: null },
    'GET /readyz': { ...app, token: null },
    'GET /metrics': { ...app, token: ADMIN_TOKEN },
    'GET /api/v1/openapi.json': { ...app, token: null },
    'POST /webhooks/zendesk/{installationId}': {
      params: { installationId: a.id },
      query: {},
      token: null,
      bodyAs: 'signed',
      body: {
        type: 'zen:event-type:ticket.status_changed',
        id: randomUUID(),
        detail: { id: '1001', updated_at: new Date(h.clock.now).toISOString() },
      },
    },
    'GET /api/v1/requesters/{requesterId}/context': { ...app, params: { requesterId: '501' } },
    'GET /api/v1/organizations/{organizationId}/context': {
      ...app,
      params: { organizationId: '601' },
    },
    'GET /api/v1/tickets/{ticketId}/clocks': ticket,
    'GET /api/v1/tickets/{ticketId}/explain': ticket,
    'GET /api/v1/tickets/{ticketId}/survey-link': ticket,
    'POST /api/v1/tickets/{ticketId}/handle-time': {
      ...ticket,
      body: {
        entryId: randomUUID(),
        agentId: '900',
        seconds: 300,
        startedAt: new Date(ended - 300_000).toISOString(),
        endedAt: new Date(ended).toISOString(),
      },
    },
    'GET /api/v1/kpis/board': { ...app, query: { ...RANGE, slice: 'group' } },
    'GET /api/v1/kpis/trend': {
      ...app,
      query: { ...RANGE, kpi: 'ces', slice: 'group', sliceValue: '800' },
    },
    'GET /api/v1/kpis/drilldown': {
      ...app,
      query: { ...RANGE, kpi: 'first_reply', slice: 'tag', sliceValue: 'vip', limit: '1' },
    },
    'GET /api/v1/kpis/export.csv': { ...app, query: RANGE },
    'GET /api/v1/kpis/registry': app,
    'GET /api/v1/agreement': { ...app, query: RANGE },
    'GET /api/v1/agreement/tickets': {
      ...app,
      query: { ...RANGE, reason: 'stale_metric_set', metric: 'replies', clock: 'count' },
    },
    'POST /api/v1/what-if': {
      ...app,
      body: {
        proposal: {
          slaPolicy: {
            id: 'p',
            name: 'Proposal',
            targets: [
              {
                metric: 'first_reply_time',
                priority: null,
                targetSeconds: 3600,
                businessHours: false,
              },
            ],
          },
        },
        range: RANGE,
        slice: 'priority',
      },
    },
    'GET /api/v1/alerts': app,
    'POST /api/v1/alerts': { ...app, body: alertBody() },
    'PATCH /api/v1/alerts/{alertId}': { ...app, params: { alertId }, body: { muted: true } },
    'DELETE /api/v1/alerts/{alertId}': { ...app, params: { alertId } },
    'GET /api/v1/app/role': claimed(a),
    'GET /api/v1/app/admin/backfill': claimed(fresh),
    'GET /api/v1/app/admin/sync-status': claimed(a),
    'GET /api/v1/app/admin/quarantine': claimed(a),
    'POST /api/v1/app/admin/quarantine/retry': {
      ...claimed(a),
      body: { stream: 'tickets', recordKey: appRecordKey },
    },
    'GET /api/v1/app/admin/settings': claimed(a),
    'PUT /api/v1/app/admin/settings': { ...claimed(a), body: { cesFieldId: '360000002' } },
    'POST /api/v1/app/admin/rotate-secret': claimed(rotator),
    'GET /api/v1/admin/installations': { ...admin, params: {} },
    'GET /api/v1/admin/installations/{id}': admin,
    'POST /api/v1/admin/installations/{id}/rotate-secret': { ...admin, params: { id: spare.id } },
    'DELETE /api/v1/admin/installations/{id}': {
      ...admin,
      params: { id: doomed.id },
      query: { confirm: doomed.id },
    },
    'GET /api/v1/admin/installations/{id}/status': admin,
    'GET /api/v1/admin/installations/{id}/reanalysis': admin,
    'POST /api/v1/admin/installations/{id}/reanalysis': admin,
    'POST /api/v1/admin/installations': {
      ...admin,
      params: {},
      body: {
        helpdesk: 'zendesk',
        domain: `fuzz${randomUUID().slice(0, 6)}`,
        credentials: { kind: 'token', email: 'admin@acme.test', token: 'zd-token' },
        settings: { timeFieldId: '360000001' },
      },
    },
    'POST /api/v1/admin/installations/{id}/backfill': {
      ...admin,
      params: { id: fresh.id },
      body: { since: '2024-01-01' },
    },
    // After the POST above (the document lists it first), so a backfill exists.
    'GET /api/v1/admin/installations/{id}/backfill': { ...admin, params: { id: fresh.id } },
    'GET /api/v1/admin/installations/{id}/sync-status': admin,
    'GET /api/v1/admin/installations/{id}/quarantine': {
      ...admin,
      query: { includeResolved: 'true', limit: '10' },
    },
    'POST /api/v1/admin/installations/{id}/quarantine/retry': {
      ...admin,
      body: { stream: 'tickets', recordKey },
    },
    'PUT /api/v1/admin/installations/{id}/settings': {
      ...admin,
      body: {
        cesFieldId: '360000002',
        slaPolicy: {
          id: 'p',
          name: 'Default',
          targets: [
            {
              metric: 'first_reply_time',
              priority: null,
              targetSeconds: 3600,
              businessHours: true,
            },
          ],
        },
        schedules: [
          {
            id: 's1',
            name: 'Office',
            timeZone: 'Europe/Rome',
            intervals: [{ startMinute: 1980, endMinute: 2460 }],
            holidays: [{ name: 'Ferragosto', startDate: '2024-08-15', endDate: '2024-08-15' }],
          },
        ],
      },
    },
    'POST /api/v1/admin/installations/{id}/webhook': admin,
    'GET /api/v1/forecast': { ...app, query: { group: '800' } },
    'GET /api/v1/forecast.csv': { ...app, query: { group: '800' } },
    'GET /surveys/ces/{token}': { ...app, params: { token: surveyToken }, token: null },
    'POST /surveys/ces/{token}': {
      params: { token: surveyToken },
      query: {},
      token: null,
      bodyAs: 'form',
      body: { value: '5' },
    },
    'GET /api/v1/reasons': { ...app, query: { ...RANGE, by: 'problem' } },
    'GET /api/v1/reasons/tickets': { ...app, query: { ...RANGE, key: 'unspecified', limit: '5' } },
    'GET /api/v1/reasons/export.csv': { ...app, query: RANGE },
    'GET /api/v1/compare': { ...app, query: { ...RANGE, by: 'tag', a: 'vip', reason: 'billing' } },
    'GET /api/v1/compare/export.csv': {
      ...app,
      query: {
        by: 'period',
        from: '2024-01-01',
        to: '2024-01-31',
        bFrom: '2024-02-01',
        bTo: '2024-02-29',
      },
    },
    'GET /api/v1/admin/installations/{id}/reason-settings': admin,
    'PUT /api/v1/admin/installations/{id}/reason-settings': {
      ...admin,
      body: {
        fieldId: '360000009',
        forms: [{ formId: '360000010', reason: 'Returns' }],
        tagPatterns: [{ pattern: 'reason_*', reason: 'Billing' }],
      },
    },
    'GET /api/v1/health/accounts': { ...app, query: { ...RANGE, status: 'at_risk', limit: '5' } },
    'GET /api/v1/health/accounts.csv': { ...app, query: RANGE },
    'GET /api/v1/health/accounts/{id}': { ...app, params: { id: 'requester:42' }, query: RANGE },
    'GET /api/v1/health/churn': { ...app, query: RANGE },
    'GET /api/v1/admin/installations/{id}/health-settings': admin,
    'PUT /api/v1/admin/installations/{id}/health-settings': {
      ...admin,
      body: { valueField: 'arr', churnDateField: 'churned_on', churnTag: 'churned' },
    },
  };
  return shapes[`${method} ${path}`];
}

/** Every variant of `value` with one leaf replaced: limit dates for dates, NULs for any text. */
function variants(value: Json): Json[] {
  if (typeof value === 'string') {
    const dates = /^\d{4}-\d{2}-\d{2}/.test(value)
      ? LIMIT_DATES.map((date) => `${date}${value.slice(10)}`)
      : [];
    return [...dates, ...NUL_TEXTS.map((nul) => `${value}${nul}`)];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) =>
      variants(item).map((v) => value.map((old, j) => (i === j ? v : old))),
    );
  }
  if (value !== null && typeof value === 'object') {
    return [
      { ...value, 'x\u0000': 'y' },
      ...Object.entries(value).flatMap(([key, item]) =>
        variants(item).map((v) => ({ ...value, [key]: v })),
      ),
    ];
  }
  return [];
}

/** The base request, then one variant per replaced input (a range's ends also both at once). */
function mutations(shape: Shape): Shape[] {
  const out: Shape[] = [shape];
  for (const params of variants(shape.params)) {
    out.push({ ...shape, params: params as Record<string, string> });
  }
  for (const query of [...variants(shape.query), { ...shape.query, extra: '\u0000' }]) {
    out.push({ ...shape, query: query as Record<string, string> });
  }
  if ('from' in shape.query) {
    for (const [from, to] of [
      ['0001-01-01', '0001-01-01'],
      ['9999-12-01', '9999-12-31'],
      ['1900-01-01', '1900-01-31'],
      ['2999-12-01', '2999-12-31'],
    ]) {
      out.push({ ...shape, query: { ...shape.query, from: from ?? '', to: to ?? '' } });
    }
  }
  if (shape.body !== undefined) {
    for (const body of variants(shape.body)) out.push({ ...shape, body });
  }
  if (!('from' in shape.query)) out.push({ ...shape, query: { ...shape.query, from: '\u0000' } });
  return out;
}

async function send(method: string, path: string, shape: Shape) {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(shape.params[name] ?? ''),
  );
  const search = new URLSearchParams(shape.query).toString();
  const url = search === '' ? filled : `${filled}?${search}`;
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (shape.body !== undefined && shape.bodyAs === 'form') {
    body = new URLSearchParams(shape.body as Record<string, string>).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (shape.body !== undefined) {
    body = JSON.stringify(shape.body);
    headers['content-type'] = 'application/json';
  }
  if (shape.bodyAs === 'signed' && body !== undefined) {
    const timestamp = new Date(h.clock.now).toISOString();
    headers['x-zendesk-webhook-signature-timestamp'] = timestamp;
    headers['x-zendesk-webhook-signature'] = createHmac('sha256', WEBHOOK_SECRET)
      .update(timestamp)
      .update(body)
      .digest('base64');
  }
  const r = await call(h, method, url, {
    token: shape.token,
    headers: { ...shape.headers, ...headers },
    ...(body === undefined ? {} : { body }),
  });
  // A rotation that went through replaced the rotator's secret and key: later requests use them.
  if (path === '/api/v1/app/admin/rotate-secret' && r.status === 200) {
    const { appSecret, roleClaimKey } = r.json as { appSecret: string; roleClaimKey: string };
    rotator = { ...rotator, secret: appSecret, roleClaimKey };
  }
  return r;
}

describe('fuzz: calendar-limit dates and NUL characters against every documented operation', () => {
  it('has a valid request for every operation, and each is accepted', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(27);
    for (const { method, path } of operations) {
      const shape = validShape(method, path);
      expect(shape, `${method} ${path} has no valid request in this test`).toBeDefined();
      if (shape === undefined) continue;
      const r = await send(method, path, shape);
      // Webhook registration needs Zendesk, which is unreachable here (502).
      const expected = path.endsWith('/webhook') ? 502 : r.status;
      expect(r.status, `${method} ${path}: ${r.text.slice(0, 200)}`).toBe(expected);
      expect(r.status < 400 || r.status === 502, `${method} ${path}: ${r.text.slice(0, 200)}`).toBe(
        true,
      );
    }
  }, 120_000);

  it('never answers 500 to a limit date or a NUL character, anywhere', async () => {
    const failures: string[] = [];
    let sent = 0;
    let refused = 0;
    for (const { method, path } of operations) {
      const shape = validShape(method, path);
      if (shape === undefined) continue;
      for (const variant of mutations(shape).slice(1)) {
        const r = await send(method, path, variant);
        sent += 1;
        if (r.status === 400) refused += 1;
        if (r.status >= 500 && !(r.status === 502 && path.endsWith('/webhook'))) {
          failures.push(
            `${method} ${path} ${JSON.stringify(variant).slice(0, 300)} -> ${String(r.status)} ${r.text.slice(0, 200)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(100);
  }, 300_000);
});
