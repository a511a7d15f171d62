import { createHttpWebhookPoster } from '../../../src/notify/http-webhook.js';
import '../../support/node20-polyfills.js';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/errors.js';
import {
  createAlert,
  deleteAlert,
  listAlerts,
  updateAlert,
} from '../../../src/services/alerts/alerts.js';
import { evaluateAlerts } from '../../../src/services/alerts/evaluate.js';
import type { AlertDeps } from '../../../src/services/alerts/evaluate.js';
import type { TicketStore } from '../../../src/store/store.js';
import { DATABASES, type TestDatabase } from '../store/support.js';
import { ZONE, openSeeded } from './kpi/dataset.js';
import { ms } from '../../support/timeline-builder.js';

const HOOK = 'https://hooks.example.test';
/** The 7-day window is 2024-03-04..10 (the data set's current period), baseline 02-05..03-03. */
const NOW = ms('2024-03-10T20:00:00Z');
const MIN = 60_000;

interface Received {
  kpi: string;
  value: number;
  n: number;
  baseline: { value: number } | null;
  window: { from: string; to: string };
}

describe.each(DATABASES)('KPI alerts on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let deps: AlertDeps;
  let inst: string;
  let other: string;
  const received: Received[] = [];
  /** Expects exactly `times` webhook calls on `path`, answering `status`. */
  const hook = (path: string, status = 200, times = 1) =>
    nock(HOOK)
      .post(path, (body: Received) => {
        received.push(body);
        return true;
      })
      .times(times)
      .reply(status, 'ok');
  const alert = (overrides: Record<string, unknown>) =>
    createAlert(deps, inst, {
      kpi: 'full_resolution',
      rule: { type: 'baseline', worseByPct: 50 },
      minSample: 3,
      cooldownMinutes: 60,
      webhookUrl: `${HOOK}/a`,
      ...overrides,
    });

  beforeAll(async () => {
    ({ db, store, inst, other } = await openSeeded(open));
    deps = {
      store,
      reportingTimeZone: ZONE,
      webhooks: createHttpWebhookPoster({ timeoutMs: 2_000 }),
    };
    nock.disableNetConnect();
  }, 120_000);

  afterEach(async () => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    received.length = 0;
    for (const id of [inst, other]) {
      for (const a of (await listAlerts(deps, id)).alerts) await deleteAlert(deps, id, a.id);
    }
  });

  afterAll(async () => {
    nock.enableNetConnect();
    await db.dispose();
  });

  it('fires a baseline rule once and keeps quiet through its cooldown', async () => {
    const created = await alert({});
    hook('/a');
    const first = await evaluateAlerts(deps, inst, NOW);
    // Median full resolution 15 h (6 solves) vs 8 h (3 solves): 87.5 % worse.
    expect(first).toEqual([
      expect.objectContaining({ outcome: 'fired', value: 54_000, baseline: 28_800, n: 6 }),
    ]);
    expect(first[0]?.delivery).toBe('delivered');
    expect(received).toEqual([
      expect.objectContaining({
        kpi: 'full_resolution',
        value: 54_000,
        n: 6,
        baseline: expect.objectContaining({ value: 28_800 }) as unknown,
        window: { from: '2024-03-04', to: '2024-03-10' },
      }),
    ]);
    const listed = (await listAlerts(deps, inst)).alerts[0];
    expect(listed).toMatchObject({
      id: created.id,
      lastFiredAt: new Date(NOW).toISOString(),
      lastValue: 54_000,
      lastDelivery: 'delivered',
    });
    // Ten minutes later: still worse, but inside the 60-minute cooldown; no call is made.
    expect((await evaluateAlerts(deps, inst, NOW + 10 * MIN))[0]?.outcome).toBe('cooldown');
    hook('/a');
    expect((await evaluateAlerts(deps, inst, NOW + 61 * MIN))[0]?.outcome).toBe('fired');
    expect(received).toHaveLength(2);
  });

  it('skips a muted alert, and evaluates it again once unmuted or its mute ends', async () => {
    const created = await alert({});
    const patch = (body: unknown) => updateAlert({ store, now: () => NOW }, inst, created.id, body);
    expect(await patch({ muted: true })).toMatchObject({ muted: true, mutedUntil: null });
    // Muted: no webhook call (nock refuses any), no firing recorded.
    expect((await evaluateAlerts(deps, inst, NOW))[0]?.outcome).toBe('muted');
    expect((await listAlerts(deps, inst)).alerts[0]?.lastFiredAt).toBeNull();
    const until = new Date(NOW + 2 * 60 * MIN).toISOString();
    expect(await patch({ muted: false, mutedUntil: until })).toMatchObject({
      muted: false,
      mutedUntil: until,
    });
    expect((await evaluateAlerts(deps, inst, NOW + 60 * MIN))[0]?.outcome).toBe('muted');
    hook('/a');
    expect((await evaluateAlerts(deps, inst, NOW + 121 * MIN))[0]?.outcome).toBe('fired');
    expect(received).toHaveLength(1);
  });

  it('honours the minimum sample in both windows', async () => {
    await alert({ minSample: 4 });
    const [result] = await evaluateAlerts(deps, inst, NOW);
    expect(result).toMatchObject({ outcome: 'insufficient_sample', n: 6, baseline: 28_800 });
    expect(received).toEqual([]);
  });

  it('evaluates thresholds in the KPI unit and leaves calm KPIs alone', async () => {
    await alert({ kpi: 'csat', rule: { type: 'threshold', op: '<', value: 0.8 }, minSample: 4 });
    await alert({ kpi: 'backlog', rule: { type: 'threshold', op: '>', value: 5 }, minSample: 1 });
    hook('/a');
    const results = await evaluateAlerts(deps, inst, NOW);
    expect(results.map((r) => [r.kpi, r.outcome, r.value])).toEqual([
      ['csat', 'fired', 0.75],
      ['backlog', 'ok', 2],
    ]);
  });

  it('records a failed delivery and does not retry it before the cooldown ends', async () => {
    await alert({});
    hook('/a', 500);
    const [result] = await evaluateAlerts(deps, inst, NOW);
    expect(result?.delivery).toBe('failed: http 500');
    expect((await listAlerts(deps, inst)).alerts[0]?.lastDelivery).toBe('failed: http 500');
    expect((await evaluateAlerts(deps, inst, NOW + MIN))[0]?.outcome).toBe('cooldown');
  });

  it('delivers a firing once when two evaluations race', async () => {
    await alert({});
    hook('/a');
    const results = await Promise.all([
      evaluateAlerts(deps, inst, NOW),
      evaluateAlerts(deps, inst, NOW),
    ]);
    const outcomes = results.flat().map((r) => r.outcome);
    expect(outcomes.sort()).toEqual(['cooldown', 'fired']);
    expect(received).toHaveLength(1);
  });

  it('keeps installations apart', async () => {
    const mine = await alert({});
    const theirs = await createAlert(deps, other, {
      kpi: 'csat',
      rule: { type: 'threshold', op: '<', value: 0.8 },
      minSample: 1,
      cooldownMinutes: 60,
      webhookUrl: `${HOOK}/b`,
    });
    expect((await listAlerts(deps, inst)).alerts.map((a) => a.id)).toEqual([mine.id]);
    await expect(deleteAlert(deps, inst, theirs.id)).rejects.toThrow(NotFoundError);
    hook('/a');
    const results = await evaluateAlerts(deps, inst, NOW);
    expect(results.map((r) => r.alertId)).toEqual([mine.id]);
    expect((await listAlerts(deps, other)).alerts[0]?.lastFiredAt).toBeNull();
  });
});
