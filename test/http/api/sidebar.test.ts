import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAIN_BUCKET_MS } from '../../../src/services/pipeline/drains.js';
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

let h: ApiHarness;
let a: { id: string; secret: string };
let b: { id: string; secret: string };

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  b = await installation(h);
  await seed(h, a.id, [solvedTicket('1001', '501', '601'), openTicket('1002', '501', '601')]);
  await seed(h, b.id, [solvedTicket('2001', '502', '602')]);
  const updatedAt = T0;
  await h.store.writeSyncPage({
    installationId: a.id,
    stream: 'users',
    checkpoint: 'users-1',
    users: [
      { id: '501', name: 'Giulia Rossi', kind: 'end_user', organizationId: '601', updatedAt },
      { id: '900', name: 'Sam Agent', kind: 'agent', organizationId: null, updatedAt },
    ],
    organizations: [{ id: '601', name: 'Acme S.p.A.', updatedAt }],
  });
  // Installation B has a user with the same id: names never cross installations.
  await h.store.writeSyncPage({
    installationId: b.id,
    stream: 'users',
    checkpoint: 'users-1',
    users: [{ id: '900', name: 'Other Agent', kind: 'agent', organizationId: null, updatedAt }],
  });
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('sidebar auth', () => {
  const paths = [
    '/api/v1/requesters/501/context',
    '/api/v1/organizations/601/context',
    '/api/v1/tickets/1001/clocks',
    '/api/v1/tickets/1001/explain',
    '/api/v1/tickets/1001/survey-link',
  ];

  it.each(paths)(
    '%s answers 401 UNAUTHORIZED without, or with a wrong, bearer token',
    async (path) => {
      for (const token of [null, 'not-a-secret', `${a.secret}x`]) {
        const r = await call(h, 'GET', path, { token });
        expect(r.status).toBe(401);
        expect(r.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
      const basic = await call(h, 'GET', path, { headers: { authorization: `Basic ${a.secret}` } });
      expect(basic.status).toBe(401);
    },
  );

  it.each(paths)("%s answers 404 to installation B's valid secret for A's ids", async (path) => {
    const r = await call(h, 'GET', path, { token: b.secret });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(r.text).not.toContain('1001');
  });

  it("lets A's secret read none of B's rows either", async () => {
    for (const path of [
      '/api/v1/requesters/502/context',
      '/api/v1/organizations/602/context',
      '/api/v1/tickets/2001/clocks',
      '/api/v1/tickets/2001/explain',
    ]) {
      expect((await call(h, 'GET', path, { token: a.secret })).status).toBe(404);
    }
    const post = await call(h, 'POST', '/api/v1/tickets/2001/handle-time', {
      token: a.secret,
      body: timer(randomUUID()),
    });
    expect(post.status).toBe(404);
  });
});

describe('GET /api/v1/requesters/:id/context', () => {
  it('returns the stored summary with ISO instants', async () => {
    const r = await call(h, 'GET', '/api/v1/requesters/501/context', { token: a.secret });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      requesterId: '501',
      name: 'Giulia Rossi',
      counts: { total: 2, open: 1, solved: 1 },
      asOf: new Date(h.clock.now).toISOString(),
      risk: { level: expect.any(String) as string },
    });
    // Both tickets came by email; one of the two is solved.
    expect((r.json as { activity: unknown }).activity).toMatchObject({
      preferredChannel: 'email',
      channels: [{ channel: 'email', tickets: 2 }],
      resolutionRate: 0.5,
      interactionsPerTicket: expect.any(Number) as number,
    });
    const recent = (r.json as { recentTickets: { id: string; createdAt: string }[] }).recentTickets;
    expect(recent.map((t) => t.id).sort()).toEqual(['1001', '1002']);
    expect(recent[0]?.createdAt).toBe(new Date(T0).toISOString());
  });

  it('answers 404 for a requester without tickets and 400 for a non-numeric id', async () => {
    const none = await call(h, 'GET', '/api/v1/requesters/999/context', { token: a.secret });
    expect(none.status).toBe(404);
    const bad = await call(h, 'GET', '/api/v1/requesters/abc/context', { token: a.secret });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('GET /api/v1/organizations/:id/context', () => {
  it("summarises the organisation's tickets in the requester shape", async () => {
    const r = await call(h, 'GET', '/api/v1/organizations/601/context', { token: a.secret });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      organizationId: '601',
      name: 'Acme S.p.A.',
      counts: { total: 2, open: 1, solved: 1 },
      // The team median comes from the 90-day rollups, as for a requester (one solved ticket).
      medianFullResolution: {
        requester: { calendar: 7200 },
        team: { calendar: 7200, business: null },
      },
    });
  });

  it("names waiting only for tickets that waited longer than the team's p75 wait", async () => {
    // The team's one solved ticket waited 2 h (its p75); the open one has waited 3 days.
    const r = await call(h, 'GET', '/api/v1/organizations/601/context', { token: a.secret });
    const reasons = (r.json as { effort: { reasons: { driver: string }[] } }).effort.reasons;
    expect(reasons.filter((x) => x.driver === 'requesterWaitHours')).toEqual([
      { driver: 'requesterWaitHours', tickets: 1, thresholdSeconds: 7200 },
    ]);
  });
});

describe('customer ticket counts', () => {
  it('count every ticket, not only the newest ones the sidebar lists', async () => {
    // 22 solved tickets on T0 and 3 still open from the day before: the newest 20 hold none of
    // the open ones, which an agent must still see.
    const c = await installation(h);
    const items = [
      ...Array.from({ length: 22 }, (_, i) => solvedTicket(String(3001 + i), '503', '603')),
      ...Array.from({ length: 3 }, (_, i) => {
        const open = openTicket(String(3101 + i), '503', '603');
        return { ...open, ticket: { ...open.ticket, createdAt: T0 - 86_400_000 } };
      }),
    ];
    await seed(h, c.id, items);
    const expected = {
      total: items.length,
      open: items.filter((i) => i.ticket.status === 'open').length,
      solved: items.filter((i) => i.ticket.status === 'solved').length,
    };
    expect(expected).toEqual({ total: 25, open: 3, solved: 22 });
    for (const path of ['/api/v1/requesters/503/context', '/api/v1/organizations/603/context']) {
      const r = await call(h, 'GET', path, { token: c.secret });
      expect(r.status).toBe(200);
      const body = r.json as { counts: unknown; recentTickets: unknown[] };
      expect(body.counts).toEqual(expected);
      expect(body.recentTickets).toHaveLength(20);
    }
  });
});

describe('GET /api/v1/tickets/:id/clocks', () => {
  it('runs the clocks up to now for an open ticket and evaluates the stored SLA policy', async () => {
    await h.store.updateInstallationSettings(a.id, {
      slaPolicy: {
        id: 'p1',
        name: 'Default',
        targets: [
          { metric: 'first_reply_time', priority: null, targetSeconds: 3600, businessHours: false },
        ],
      },
    });
    const r = await call(h, 'GET', '/api/v1/tickets/1002/clocks', { token: a.secret });
    expect(r.status).toBe(200);
    const ageSeconds = (h.clock.now - T0) / 1000;
    expect(r.json).toMatchObject({
      ticketId: '1002',
      status: 'open',
      createdAt: new Date(T0).toISOString(),
      age: { calendar: ageSeconds, business: null },
      ageStoppedAt: null,
      firstReply: null,
      requesterWait: { calendar: ageSeconds, business: null },
      sla: [
        {
          metric: 'first_reply_time',
          target: 3600,
          state: 'breached',
          remainingBusinessSeconds: 0,
          breachAt: new Date(T0 + 3_600_000).toISOString(),
        },
      ],
    });
  });

  it('reports the first reply of an answered ticket and an achieved target', async () => {
    const r = await call(h, 'GET', '/api/v1/tickets/1001/clocks', { token: a.secret });
    expect(r.json).toMatchObject({
      firstReply: { calendar: 1800 },
      sla: [{ metric: 'first_reply_time', state: 'achieved' }],
    });
  });

  it("stops a solved ticket's age at the solve and counts it in business hours", async () => {
    // Mon–Fri 09:00–17:00 UTC. T0 is Friday 09:00; now is T0 + 3 days, Monday 09:00.
    const c = await installation(h);
    const weekdays = [1, 2, 3, 4, 5].map((d) => ({
      startMinute: d * 1440 + 540,
      endMinute: d * 1440 + 1020,
    }));
    await h.store.saveSchedules(c.id, [
      { id: 's1', name: 'London office', timeZone: 'UTC', intervals: weekdays, holidays: [] },
    ]);
    await seed(h, c.id, [solvedTicket('3001', '503', '603'), openTicket('3002', '503', '603')]);
    const solved = await call(h, 'GET', '/api/v1/tickets/3001/clocks', { token: c.secret });
    // Solved 2 h after creation, inside business hours: 2 h on both clocks, whatever now is.
    expect(solved.json).toMatchObject({
      status: 'solved',
      age: { calendar: 7200, business: 7200 },
      ageStoppedAt: new Date(T0 + 7_200_000).toISOString(),
    });
    const open = await call(h, 'GET', '/api/v1/tickets/3002/clocks', { token: c.secret });
    // Friday's 8 business hours; the weekend does not count.
    expect(open.json).toMatchObject({
      status: 'open',
      age: { calendar: 3 * 86_400, business: 8 * 3600 },
      ageStoppedAt: null,
    });
  });
});

function timer(entryId: string, overrides: Record<string, unknown> = {}) {
  const endedAt = h.clock.now - 60_000;
  return {
    entryId,
    agentId: '900',
    seconds: 300,
    startedAt: new Date(endedAt - 300_000).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    ...overrides,
  };
}

describe('POST /api/v1/tickets/:id/handle-time', () => {
  it('records an entry once (201, then 200 on replay) and enqueues one analysis', async () => {
    const entryId = randomUUID();
    const before = h.jobs.length;
    const first = await call(h, 'POST', '/api/v1/tickets/1001/handle-time', {
      token: a.secret,
      body: timer(entryId),
    });
    expect([first.status, first.json]).toEqual([201, { created: true }]);
    const replay = await call(h, 'POST', '/api/v1/tickets/1001/handle-time', {
      token: a.secret,
      body: timer(entryId),
    });
    expect([replay.status, replay.json]).toEqual([200, { created: false }]);
    expect(h.jobs.slice(before)).toEqual([
      {
        name: 'ticket.analyze',
        payload: { installationId: a.id, ticketId: '1001', updatedAt: h.clock.now - 60_000 },
      },
      // The entry also marked the ticket: a drain takes it if the job above never completes.
      { name: 'analysis.drain', payload: { installationId: a.id, notBefore: nextBucket(h) } },
    ]);
    const timeline = await h.store.getTicketTimeline(a.id, '1001');
    expect(timeline?.handleTimeEntries).toEqual([
      expect.objectContaining({
        id: entryId,
        seconds: 300,
        source: 'sidebar_timer',
        agentId: '900',
      }),
    ]);
  });

  it.each([
    ['no entryId', { entryId: undefined }],
    ['a non-uuid entryId', { entryId: 'abc' }],
    ['zero seconds', { seconds: 0 }],
    ['more than 12 hours', { seconds: 43_201 }],
    ['fractional seconds', { seconds: 1.5 }],
    ['a bad instant', { startedAt: 'yesterday' }],
    ['an end before the start', { endedAt: new Date(T0).toISOString() }],
    ['an unknown field', { note: 'x' }],
  ])('answers 400 VALIDATION_FAILED to %s', async (_name, overrides) => {
    const r = await call(h, 'POST', '/api/v1/tickets/1001/handle-time', {
      token: a.secret,
      body: timer(randomUUID(), overrides),
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('answers 400 to malformed JSON and 413 to an oversized body', async () => {
    const bad = await call(h, 'POST', '/api/v1/tickets/1001/handle-time', {
      token: a.secret,
      body: '{"entryId":',
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const big = await call(h, 'POST', '/api/v1/tickets/1001/handle-time', {
      token: a.secret,
      body: JSON.stringify({ pad: 'x'.repeat(300_000) }),
    });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});

describe('GET /api/v1/tickets/:id/explain', () => {
  it('returns the metrics, their explanation and the events with ISO instants', async () => {
    const r = await call(h, 'GET', '/api/v1/tickets/1001/explain', { token: a.secret });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      ticketId: '1001',
      metrics: { firstReply: { calendar: 1800 }, createdAt: new Date(T0).toISOString() },
      explanation: { firstReply: { from: new Date(T0).toISOString(), toEventId: '1001-2' } },
      events: [
        { id: '1001-1', at: new Date(T0).toISOString() },
        { id: '1001-2' },
        { id: '1001-3', type: 'status_change', to: 'solved' },
      ],
      schedules: [],
      people: [
        { id: '501', name: 'Giulia Rossi' },
        { id: '900', name: 'Sam Agent' },
      ],
      organization: { id: '601', name: 'Acme S.p.A.' },
      definitionsUrl: 'docs/metrics.md',
    });
  });
});

describe('GET /api/v1/tickets/:id/survey-link', () => {
  it('signs a link for a solved ticket under PUBLIC_URL', async () => {
    const r = await call(h, 'GET', '/api/v1/tickets/1001/survey-link', { token: a.secret });
    expect(r.status).toBe(200);
    expect((r.json as { url: string }).url).toMatch(
      /^https:\/\/dp\.example\.com\/surveys\/ces\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/,
    );
  });

  it('answers 409 TICKET_NOT_SOLVED for an open ticket', async () => {
    const r = await call(h, 'GET', '/api/v1/tickets/1002/survey-link', { token: a.secret });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ error: { code: 'TICKET_NOT_SOLVED' } });
  });
});

describe('the sidebar contracts', () => {
  it('document each sidebar response in the OpenAPI document with its contract', async () => {
    const doc = (await call(h, 'GET', '/api/v1/openapi.json')).json as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    };
    const schemaOf = (path: string) =>
      JSON.stringify(doc.paths[path]?.get.responses['200'] ?? null);
    expect(schemaOf('/api/v1/requesters/{requesterId}/context')).toContain(
      '"medianFullResolution"',
    );
    expect(schemaOf('/api/v1/organizations/{organizationId}/context')).toContain('"effort"');
    expect(schemaOf('/api/v1/tickets/{ticketId}/clocks')).toContain('"ageStoppedAt"');
    expect(schemaOf('/api/v1/tickets/{ticketId}/explain')).toContain('"definitionsUrl"');
  });

  it('serve a stored summary from an older version rebuilt in the current shape', async () => {
    const stored = await h.store.getSummary(a.id, 'requester', '501');
    const old = { ...(stored?.summary as object), effort: { score: 5, reasons: ['Waited long'] } };
    await h.store.saveSummary(a.id, 'requester', '501', old, 'old-shape');
    const r = await call(h, 'GET', '/api/v1/requesters/501/context', { token: a.secret });
    expect(r.status).toBe(200);
    const effort = (r.json as { effort: { reasons: unknown[] } }).effort;
    expect(effort.reasons.every((x) => typeof x === 'object')).toBe(true);
  });
});

describe('the API surface', () => {
  it('sets helmet headers, a request id, no CORS, and 404 JSON for unknown routes', async () => {
    const r = await call(h, 'GET', '/api/v1/nope', { token: a.secret });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const id = r.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((r.json as { error: { requestId: string } }).error.requestId).toBe(id);
  });

  it('never logs a secret or a bearer token', () => {
    const log = h.logs.join('');
    expect(log).toContain('"route":"/api/v1/tickets/:ticketId/clocks"');
    expect(log).not.toContain(a.secret);
    expect(log).not.toContain(b.secret);
  });
});

/** The end of the analysis drain's time bucket the harness clock is in (drains.ts requestDrain). */
function nextBucket(h: { clock: { now: number } }): number {
  const bucket = DRAIN_BUCKET_MS['analysis.drain'];
  return (Math.floor(h.clock.now / bucket) + 1) * bucket;
}
