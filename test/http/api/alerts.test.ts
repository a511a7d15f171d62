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

  it('answer 400 to a malformed alert id', async () => {
    const r = await call(h, 'DELETE', '/api/v1/alerts/not-a-uuid', { token: a.secret });
    expect(r.status).toBe(400);
  });
});
