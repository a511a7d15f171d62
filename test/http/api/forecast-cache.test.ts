import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedForecastRollups } from '../../support/forecast-rollups.js';
import { simulateHistory, SUPPORT_WEEK } from '../../support/forecast-history.js';
import { call, installation, startApi, type ApiHarness } from './support.js';

// The harness clock is 2024-03-04 09:00 UTC: history ends on Sunday 3 March.
const FIRST_DAY = '2023-12-11';
const DAYS = 84;
const LAST_DAY = '2024-03-03';

interface ForecastJson {
  history: { date: string; created: number }[];
  daily: { date: string }[];
}

let h: ApiHarness;
let a: { id: string; secret: string };
let b: { id: string; secret: string };
const spec = { ...SUPPORT_WEEK, start: FIRST_DAY, days: DAYS, holidays: [] };
const team = simulateHistory({ ...spec, seed: 7 });
const group = simulateHistory({ ...spec, seed: 8 });

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  b = await installation(h);
  await seedForecastRollups(h.store, a.id, { team, group, groupId: '800' }, []);
  await seedForecastRollups(h.store, b.id, { team, group, groupId: '800' }, []);
}, 60_000);

afterAll(async () => {
  await h.close();
});

/** The forecast reads the rollups exactly once per computation: the spy counts computations. */
function computations() {
  return vi.spyOn(h.store, 'listRollups');
}

describe('GET /api/v1/forecast cache', () => {
  it('answers a repeated request from the cache, per installation and parameters', async () => {
    const spy = computations();
    const first = await call(h, 'GET', '/api/v1/forecast', { token: a.secret });
    expect(first.status).toBe(200);
    expect(spy).toHaveBeenCalledTimes(1);
    const second = await call(h, 'GET', '/api/v1/forecast', { token: a.secret });
    expect(second.json).toEqual(first.json);
    expect(spy).toHaveBeenCalledTimes(1);
    // Another group and another installation are other entries.
    await call(h, 'GET', '/api/v1/forecast?group=800', { token: a.secret });
    expect(spy).toHaveBeenCalledTimes(2);
    await call(h, 'GET', '/api/v1/forecast', { token: b.secret });
    expect(spy).toHaveBeenCalledTimes(3);
    await call(h, 'GET', '/api/v1/forecast.csv', { token: a.secret });
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockRestore();
  });

  it('recomputes once new rollups land, and shows them', async () => {
    const before = (await call(h, 'GET', '/api/v1/forecast', { token: a.secret }))
      .json as ForecastJson;
    const spy = computations();
    const rows = await h.store.listRollups(a.id, {
      from: LAST_DAY,
      to: LAST_DAY,
      dimension: 'all',
    });
    spy.mockClear();
    // The last day's rollups rewritten with 500 more tickets created.
    await h.store.replaceDailyRollups(
      a.id,
      LAST_DAY,
      rows.map((r) => (r.metric === 'created' ? { ...r, n: r.n + 500, sum: r.sum + 500 } : r)),
    );
    const after = (await call(h, 'GET', '/api/v1/forecast', { token: a.secret }))
      .json as ForecastJson;
    expect(spy).toHaveBeenCalledTimes(1);
    expect(after.history.at(-1)?.created).toBe((before.history.at(-1)?.created ?? 0) + 500);
    // Rewriting a day with identical rows is still new data landing: recomputed.
    await h.store.replaceDailyRollups(
      a.id,
      LAST_DAY,
      await h.store.listRollups(a.id, {
        from: LAST_DAY,
        to: LAST_DAY,
        dimension: 'all',
      }),
    );
    await call(h, 'GET', '/api/v1/forecast', { token: a.secret });
    expect(spy).toHaveBeenCalledTimes(3);
    // Installation b is untouched: still cached.
    await call(h, 'GET', '/api/v1/forecast', { token: b.secret });
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockRestore();
  });

  it('recomputes when the local day turns', async () => {
    const spy = computations();
    h.clock.now += 86_400_000;
    const doc = (await call(h, 'GET', '/api/v1/forecast', { token: b.secret }))
      .json as ForecastJson;
    expect(spy).toHaveBeenCalledTimes(1);
    expect(doc.daily[0]?.date).toBe(Temporal.PlainDate.from(LAST_DAY).add({ days: 2 }).toString());
    spy.mockRestore();
  });
});
