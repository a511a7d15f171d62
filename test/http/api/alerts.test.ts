import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, installation, startApi, type ApiHarness } from './support.js';

let h: ApiHarness;
let a: { id: string; secret: string };
let b: { id: string; secret: string };

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  b = await installation(h);
}, 60_000);

afterAll(async () => {
  await h.close();
});

const ALERT = {
  kpi: 'first_reply',
  rule: { type: 'threshold', op: '>', value: 3600 },
  minSample: 10,
  cooldownMinutes: 60,
  webhookUrl: 'https://hooks.example.com/deskpulse',
};

describe('alerts', () => {
  it('answer 401 without a valid app secret', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/alerts'],
      ['POST', '/api/v1/alerts'],
      ['DELETE', `/api/v1/alerts/${randomUUID()}`],
    ] as const) {
      const r = await call(h, method, path, {
        token: 'nope',
        ...(method === 'POST' ? { body: ALERT } : {}),
      });
      expect(r.status).toBe(401);
    }
  });

  it("create (201), list and delete (204) an installation's alert; others cannot see or delete it", async () => {
    const created = await call(h, 'POST', '/api/v1/alerts', { token: a.secret, body: ALERT });
    expect(created.status).toBe(201);
    const alert = created.json as { id: string };
    expect(created.json).toMatchObject({ ...ALERT, lastFiredAt: null });

    expect((await call(h, 'GET', '/api/v1/alerts', { token: a.secret })).json).toMatchObject({
      alerts: [{ id: alert.id }],
    });
    expect((await call(h, 'GET', '/api/v1/alerts', { token: b.secret })).json).toEqual({
      alerts: [],
    });
    const foreign = await call(h, 'DELETE', `/api/v1/alerts/${alert.id}`, { token: b.secret });
    expect(foreign.status).toBe(404);

    const deleted = await call(h, 'DELETE', `/api/v1/alerts/${alert.id}`, { token: a.secret });
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    const again = await call(h, 'DELETE', `/api/v1/alerts/${alert.id}`, { token: a.secret });
    expect(again.status).toBe(404);
  });

  it.each([
    ['an http webhook', { webhookUrl: 'http://hooks.example.com/x' }],
    ['a private webhook host', { webhookUrl: 'https://127.0.0.1/x' }],
    ['an unknown KPI', { kpi: 'happiness' }],
    ['an unknown rule', { rule: { type: 'vibes' } }],
    ['a cooldown under 5 minutes', { cooldownMinutes: 1 }],
    ['a fractional sample', { minSample: 1.5 }],
  ])('answer 400 VALIDATION_FAILED to %s', async (_name, overrides) => {
    const r = await call(h, 'POST', '/api/v1/alerts', {
      token: a.secret,
      body: { ...ALERT, ...overrides },
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('edit an alert with PATCH, validating the merged whole, and only their own', async () => {
    const created = (await call(h, 'POST', '/api/v1/alerts', { token: a.secret, body: ALERT }))
      .json as { id: string };
    const path = `/api/v1/alerts/${created.id}`;
    const edited = await call(h, 'PATCH', path, {
      token: a.secret,
      body: { rule: { type: 'baseline', worseByPct: 25 }, minSample: 30 },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({
      ...ALERT,
      id: created.id,
      rule: { type: 'baseline', worseByPct: 25 },
      minSample: 30,
      muted: false,
      mutedUntil: null,
    });
    const listed = (await call(h, 'GET', '/api/v1/alerts', { token: a.secret })).json as {
      alerts: { id: string; minSample: number }[];
    };
    expect(listed.alerts.find((x) => x.id === created.id)?.minSample).toBe(30);
    for (const body of [
      { webhookUrl: 'http://hooks.example.com/x' },
      { cooldownMinutes: 1 },
      {},
      { color: 'red' },
    ]) {
      const r = await call(h, 'PATCH', path, { token: a.secret, body });
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
    }
    const foreign = await call(h, 'PATCH', path, { token: b.secret, body: { minSample: 2 } });
    expect(foreign.status).toBe(404);
    const missing = await call(h, 'PATCH', `/api/v1/alerts/${randomUUID()}`, {
      token: a.secret,
      body: { muted: true },
    });
    expect(missing.status).toBe(404);
    await call(h, 'DELETE', path, { token: a.secret });
  });

  it('mute an alert until unmuted or until an instant, and unmute it', async () => {
    const created = (await call(h, 'POST', '/api/v1/alerts', { token: a.secret, body: ALERT }))
      .json as { id: string };
    const path = `/api/v1/alerts/${created.id}`;
    const mute = (body: unknown) => call(h, 'PATCH', path, { token: a.secret, body });
    expect((await mute({ muted: true })).json).toMatchObject({ muted: true, mutedUntil: null });
    const until = new Date(h.clock.now + 86_400_000).toISOString();
    expect((await mute({ muted: false, mutedUntil: until })).json).toMatchObject({
      muted: false,
      mutedUntil: until,
    });
    expect((await mute({ muted: false })).json).toMatchObject({ muted: false, mutedUntil: null });
    for (const bad of [
      new Date(h.clock.now - 60_000).toISOString(),
      new Date(h.clock.now + 400 * 86_400_000).toISOString(),
      'tomorrow',
    ]) {
      const r = await mute({ mutedUntil: bad });
      expect([bad, r.status]).toEqual([bad, 400]);
    }
    await call(h, 'DELETE', path, { token: a.secret });
  });

  it('answer 400 to a malformed alert id', async () => {
    const r = await call(h, 'DELETE', '/api/v1/alerts/not-a-uuid', { token: a.secret });
    expect(r.status).toBe(400);
  });
});
