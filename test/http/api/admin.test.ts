import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSecretResolver } from '../../../src/runtime/connector-factory.js';
import { SyncStatusSchema } from '../../../src/services/admin/sync-status-schema.js';
import { ADMIN_TOKEN, call, installation, startApi, T0, type ApiHarness } from './support.js';

let h: ApiHarness;
let a: { id: string; secret: string };

beforeAll(async () => {
  h = await startApi();
  a = await installation(h, 'acmeadmin');
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}, 60_000);

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  nock.enableNetConnect();
  await h.close();
});

const admin = (method: string, path: string, body?: unknown) =>
  call(h, method, path, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }) });

const REGISTRATION = {
  helpdesk: 'zendesk',
  domain: 'newco',
  credentials: { kind: 'token', email: 'admin@newco.test', token: 'zd-secret-token' },
  settings: { timeFieldId: 360000001 },
};

describe('admin auth', () => {
  const routes: [string, string][] = [
    ['POST', '/api/v1/admin/installations'],
    ['POST', `/api/v1/admin/installations/${randomUUID()}/backfill`],
    ['GET', `/api/v1/admin/installations/${randomUUID()}/backfill`],
    ['GET', `/api/v1/admin/installations/${randomUUID()}/sync-status`],
    ['GET', `/api/v1/admin/installations/${randomUUID()}/quarantine`],
    ['POST', `/api/v1/admin/installations/${randomUUID()}/quarantine/retry`],
    ['PUT', `/api/v1/admin/installations/${randomUUID()}/settings`],
    ['POST', `/api/v1/admin/installations/${randomUUID()}/webhook`],
    ['GET', '/api/v1/admin/installations'],
    ['GET', `/api/v1/admin/installations/${randomUUID()}`],
    ['POST', `/api/v1/admin/installations/${randomUUID()}/rotate-secret`],
    ['DELETE', `/api/v1/admin/installations/${randomUUID()}`],
    ['GET', `/api/v1/admin/installations/${randomUUID()}/reanalysis`],
    ['POST', `/api/v1/admin/installations/${randomUUID()}/reanalysis`],
  ];

  it.each(routes)('%s %s answers 401 to no token, a wrong one and an app secret', async (m, p) => {
    for (const token of [null, 'x'.repeat(40), a.secret]) {
      const r = await call(h, m, p, { token, ...(m === 'GET' ? {} : { body: {} }) });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('answers 503 ADMIN_DISABLED on every admin route when ADMIN_TOKEN is unset', async () => {
    const off = await startApi({ adminToken: null });
    try {
      for (const [m, p] of routes) {
        const r = await call(off, m, p, {
          token: ADMIN_TOKEN,
          ...(m === 'GET' ? {} : { body: {} }),
        });
        expect(r.status).toBe(503);
        expect(r.json).toMatchObject({ error: { code: 'ADMIN_DISABLED' } });
      }
    } finally {
      await off.close();
    }
  }, 60_000);
});

describe('POST /api/v1/admin/installations', () => {
  it('registers and shows both secrets once; the app secret then authenticates', async () => {
    // The helpdesk must accept the credentials first (install.test.ts has the refusals).
    nock('https://newco.zendesk.com')
      .get('/api/v2/users/me.json')
      .reply(200, { user: { id: 1, role: 'admin' } });
    const r = await admin('POST', '/api/v1/admin/installations', REGISTRATION);
    expect(r.status).toBe(201);
    const body = r.json as {
      installation: { id: string; domain: string; settings: unknown };
      appSecret: string;
      webhookSecret: string;
    };
    expect(body.installation).toMatchObject({
      domain: 'newco',
      settings: { timeFieldId: '360000001' },
    });
    expect(r.text).not.toContain('zd-secret-token');
    expect(r.text).not.toContain('appSecretHash');
    const sidebar = await call(h, 'GET', '/api/v1/requesters/1/context', { token: body.appSecret });
    expect(sidebar.status).toBe(404);
  });

  it('answers 400 VALIDATION_FAILED naming the bad field, never echoing the token', async () => {
    const r = await admin('POST', '/api/v1/admin/installations', {
      ...REGISTRATION,
      credentials: { kind: 'token', email: 'not-an-email', token: 'zd-secret-token' },
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(r.text).toContain('body.credentials.email');
    expect(r.text).not.toContain('zd-secret-token');
  });
});

describe('backfill', () => {
  it('starts a backfill (202), enqueues the sync and reports progress from the store', async () => {
    const before = h.jobs.length;
    const r = await admin('POST', `/api/v1/admin/installations/${a.id}/backfill`, {
      since: '2024-02-01',
    });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ afterRunningSync: false });
    expect(h.jobs.slice(before)).toEqual([
      {
        name: 'tickets.sync',
        payload: { installationId: a.id, mode: 'backfill', since: Date.UTC(2024, 1, 1) },
      },
    ]);
    const queued = await admin('GET', `/api/v1/admin/installations/${a.id}/backfill`);
    expect(queued.json).toMatchObject({
      backfillId: (r.json as { backfillId: string }).backfillId,
      state: 'queued',
      ticketsDone: 0,
      estimatedTotal: null,
    });
    // Two tickets arrive, the newer updated halfway through [since, now].
    const since = Date.UTC(2024, 1, 1);
    const half = since + (h.clock.now - since) / 2;
    await h.store.writeSyncPage({
      installationId: a.id,
      stream: 'tickets',
      checkpoint: 'cp-1',
      tickets: [ticketAt('7001', since + 1000), ticketAt('7002', half)],
    });
    const running = await admin('GET', `/api/v1/admin/installations/${a.id}/backfill`);
    expect(running.json).toMatchObject({ state: 'running', ticketsDone: 2, estimatedTotal: 4 });
  });

  it('reads again after earlier syncs (202, every stream rewound), 400 to bad dates, 404 elsewhere', async () => {
    // Issue 13: a backfill once answered 409 ALREADY_SYNCING here, for ever.
    const before = h.jobs.length;
    const again = await admin('POST', `/api/v1/admin/installations/${a.id}/backfill`, {
      since: '2024-01-15',
    });
    expect(again.status).toBe(202);
    expect(h.jobs.slice(before)).toHaveLength(1);
    const passes = await h.store.listSyncPasses(a.id);
    expect(passes.map((p) => p.rewindTo)).toEqual(passes.map(() => Date.UTC(2024, 0, 15)));
    expect(passes.length).toBeGreaterThanOrEqual(6);
    const progress = await admin('GET', `/api/v1/admin/installations/${a.id}/backfill`);
    expect(progress.json).toMatchObject({ state: 'running' });
    for (const since of ['2024-13-01x', 20240201, '2999-01-01']) {
      const r = await admin('POST', `/api/v1/admin/installations/${a.id}/backfill`, { since });
      expect(r.status).toBe(400);
    }
    const unknown = await admin('POST', `/api/v1/admin/installations/${randomUUID()}/backfill`, {
      since: '2024-02-01',
    });
    expect(unknown.status).toBe(404);
    const notUuid = await admin('GET', '/api/v1/admin/installations/abc/backfill');
    expect(notUuid.status).toBe(400);
  });
});

function ticketAt(id: string, updatedAt: number) {
  return {
    id,
    status: 'open' as const,
    subject: 's',
    channel: 'email',
    requesterId: '1',
    submitterId: null,
    organizationId: null,
    assigneeId: null,
    groupId: null,
    brandId: null,
    priority: null,
    tags: [],
    customFields: {},
    createdAt: T0,
    updatedAt,
    scheduleId: null,
  };
}

describe('sync status and quarantine', () => {
  it('reports each stream with lag, page count, last error and the helpdesk rate limit', async () => {
    await h.store.recordSyncError(a.id, 'users', 'Zendesk GET /api/v2/users failed: 500');
    // Two syncs on two workers: their 429s add up, the later budget wins.
    const at = Date.UTC(2024, 2, 1, 10);
    await h.store.recordRateLimit(a.id, 'users', { count429: 3, remaining: 5, limit: 700, at });
    await h.store.recordRateLimit(a.id, 'users', {
      count429: 2,
      remaining: 640,
      limit: 700,
      at: at + 60_000,
    });
    await h.store.recordRateLimit(a.id, 'users', { count429: 1, remaining: null, limit: null, at });
    const r = await admin('GET', `/api/v1/admin/installations/${a.id}/sync-status`);
    expect(r.status).toBe(200);
    const streams = (r.json as { streams: { stream: string }[] }).streams;
    expect(streams.find((s) => s.stream === 'tickets')).toMatchObject({
      checkpoint: 'cp-1',
      pageCount: 1,
      lagSeconds: expect.any(Number) as number,
      rateLimit: { count429: 0, remaining: null, limit: null, observedAt: null },
    });
    expect(streams.find((s) => s.stream === 'users')).toMatchObject({
      lastError: 'Zendesk GET /api/v2/users failed: 500',
      rateLimit: {
        count429: 6,
        remaining: 640,
        limit: 700,
        observedAt: new Date(Date.UTC(2024, 2, 1, 10, 1)).toISOString(),
      },
    });
  });

  it('reports the 429s push-back met in a push_back row, as its OpenAPI schema says (issue 13)', async () => {
    const at = Date.UTC(2024, 2, 1, 11);
    await h.store.recordRateLimit(a.id, 'push_back', { count429: 4, remaining: 9, limit: 700, at });
    const r = await admin('GET', `/api/v1/admin/installations/${a.id}/sync-status`);
    const body = SyncStatusSchema.parse(r.json);
    expect(body.streams.find((s) => s.stream === 'push_back')).toMatchObject({
      checkpoint: null,
      pageCount: 0,
      rateLimit: { count429: 4, remaining: 9, limit: 700, observedAt: new Date(at).toISOString() },
    });
    const doc = (await admin('GET', '/api/v1/openapi.json')).json as {
      paths: Record<string, { get: { responses: Record<string, { description: string }> } }>;
    };
    const route = doc.paths['/api/v1/admin/installations/{id}/sync-status'];
    expect(route?.get.responses['200']?.description).toContain('push_back');
    expect(JSON.stringify(route?.get.responses['200'])).toContain(
      'push-back has no stream of its own',
    );
  });

  it('lists quarantined records and retries a ticket one through ticket.refresh', async () => {
    await h.store.writeSyncPage({
      installationId: a.id,
      stream: 'ticket_events',
      checkpoint: 'ev-1',
      quarantined: [
        {
          stream: 'ticket_events',
          sourceId: '55',
          reason: 'bad',
          raw: { id: 55, ticket_id: 7001 },
        },
        { stream: 'ticket_events', sourceId: '56', reason: 'bad', raw: { id: 56 } },
      ],
    });
    const list = await admin('GET', `/api/v1/admin/installations/${a.id}/quarantine?limit=10`);
    expect(list.status).toBe(200);
    const entries = (list.json as { entries: { recordKey: string; sourceId: string }[] }).entries;
    expect(entries.map((e) => e.sourceId).sort()).toEqual(['55', '56']);
    const key = (id: string) => entries.find((e) => e.sourceId === id)?.recordKey ?? '';

    const before = h.jobs.length;
    const retry = await admin('POST', `/api/v1/admin/installations/${a.id}/quarantine/retry`, {
      stream: 'ticket_events',
      recordKey: key('55'),
    });
    expect([retry.status, retry.json]).toEqual([202, { retried: true, ticketId: '7001' }]);
    expect(h.jobs.slice(before)).toEqual([
      {
        name: 'ticket.refresh',
        payload: { installationId: a.id, ticketId: '7001', updatedAt: 0 },
      },
    ]);
    const unsupported = await admin(
      'POST',
      `/api/v1/admin/installations/${a.id}/quarantine/retry`,
      {
        stream: 'ticket_events',
        recordKey: key('56'),
      },
    );
    expect(unsupported.status).toBe(422);
    const gone = await admin('POST', `/api/v1/admin/installations/${a.id}/quarantine/retry`, {
      stream: 'ticket_events',
      recordKey: key('55'),
    });
    expect(gone.status).toBe(404);
    const bad = await admin('GET', `/api/v1/admin/installations/${a.id}/quarantine?limit=0`);
    expect(bad.status).toBe(400);
  });
});

describe('PUT settings', () => {
  it('merges the mapping and SLA policy into the settings and stores schedules', async () => {
    const r = await admin('PUT', `/api/v1/admin/installations/${a.id}/settings`, {
      cesFieldId: '360000002',
      slaPolicy: {
        id: 'p',
        name: 'Default',
        targets: [
          { metric: 'first_reply_time', priority: null, targetSeconds: 3600, businessHours: true },
        ],
      },
      schedules: [
        {
          id: 's1',
          name: 'Office',
          timeZone: 'Europe/Rome',
          intervals: [{ startMinute: 1980, endMinute: 2460 }],
          holidays: [],
        },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      settings: { cesFieldId: '360000002' },
      schedules: [{ id: 's1' }],
      // Nothing was analysed yet, so there is nothing to re-analyse.
      reanalysis: { running: false, done: 0, total: 0 },
    });
    const stored = await h.store.getInstallation(a.id);
    expect(stored?.settings).toMatchObject({ cesFieldId: '360000002', slaPolicy: { id: 'p' } });
  });

  it('answers 400 to unknown keys, bad time zones and non-numeric field ids', async () => {
    for (const body of [
      { secretKey: 'x' },
      { cesFieldId: 'abc' },
      { schedules: [{ id: 's', name: 'n', timeZone: 'Mars/Base', intervals: [], holidays: [] }] },
    ]) {
      const r = await admin('PUT', `/api/v1/admin/installations/${a.id}/settings`, body);
      expect(r.status).toBe(400);
    }
  });
});

describe('re-analysis', () => {
  it('starts one by hand (202) and reports its progress; 404 for an unknown installation', async () => {
    const started = await admin('POST', `/api/v1/admin/installations/${a.id}/reanalysis`);
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ running: false, done: 0, total: 0 });
    const progress = await admin('GET', `/api/v1/admin/installations/${a.id}/reanalysis`);
    expect([progress.status, progress.json]).toEqual([
      200,
      { running: false, done: 0, total: 0, startedAt: null, finishedAt: null },
    ]);
    const unknown = await admin('GET', `/api/v1/admin/installations/${randomUUID()}/reanalysis`);
    expect(unknown.status).toBe(404);
  });
});

describe('POST webhook registration', () => {
  it('creates the webhook and trigger in Zendesk and stores the signing secret it generated', async () => {
    const zendesk = nock('https://acmeadmin.zendesk.com')
      .post(
        '/api/v2/webhooks',
        (body: { webhook: { endpoint: string; subscriptions: string[] } }) => {
          return (
            body.webhook.endpoint === `https://dp.example.com/webhooks/zendesk/${a.id}` &&
            body.webhook.subscriptions[0] === 'conditional_ticket_events'
          );
        },
      )
      .reply(201, { webhook: { id: '01HWEBHOOK' } })
      .get('/api/v2/webhooks/01HWEBHOOK/signing_secret')
      .reply(200, {
        signing_secret: {
          algorithm: 'SHA256',
          secret: 'zendesk-generated-signing-secret-0123456789',
        },
      })
      .post(
        '/api/v2/triggers',
        (body: { trigger: { actions: { field: string; value: string[] }[] } }) => {
          const action = body.trigger.actions[0];
          return action?.field === 'notification_webhook' && action.value[0] === '01HWEBHOOK';
        },
      )
      .reply(201, { trigger: { id: 9001 } });
    const r = await admin('POST', `/api/v1/admin/installations/${a.id}/webhook`);
    expect(r.status).toBe(201);
    expect(r.json).toEqual({
      webhookId: '01HWEBHOOK',
      triggerId: '9001',
      endpoint: `https://dp.example.com/webhooks/zendesk/${a.id}`,
    });
    expect(zendesk.isDone()).toBe(true);
    const secretFor = createWebhookSecretResolver(h.store, h.key);
    expect(await secretFor(a.id)).toBe('zendesk-generated-signing-secret-0123456789');
  });

  it('answers 502 HELPDESK_ERROR when Zendesk refuses, 404 for an unknown installation', async () => {
    nock('https://acmeadmin.zendesk.com')
      .post('/api/v2/webhooks')
      .reply(403, { error: 'Forbidden' });
    const r = await admin('POST', `/api/v1/admin/installations/${a.id}/webhook`);
    expect(r.status).toBe(502);
    expect(r.json).toMatchObject({ error: { code: 'HELPDESK_ERROR' } });
    const unknown = await admin('POST', `/api/v1/admin/installations/${randomUUID()}/webhook`);
    expect(unknown.status).toBe(404);
  });
});
