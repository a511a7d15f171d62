import { createHttpWebhookPoster } from '../../../src/notify/http-webhook.js';
import '../../support/node20-polyfills.js';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { createAlert, deleteAlert, listAlerts } from '../../../src/services/alerts/alerts.js';
import { evaluateAlerts, type AlertDeps } from '../../../src/services/alerts/evaluate.js';
import { migrate } from '../../../src/store/migrate.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import type { TicketStore } from '../../../src/store/store.js';
import { simulateHistory, SUPPORT_WEEK } from '../../support/forecast-history.js';
import { seedForecastRollups } from '../../support/forecast-rollups.js';
import { DATABASES, newInstallation, type TestDatabase } from '../store/support.js';

const HOOK = 'https://hooks.example.test';
// History 2023-11-13..2024-03-03 (16 weeks); the forecast runs 4–17 March.
const NOW = Date.UTC(2024, 2, 4, 9, 0, 0);
const DAYS = 112;
const GROUP = '800';
const spec = { ...SUPPORT_WEEK, start: '2023-11-13', holidays: [38, 88] };
// The process continued past the history: what the forecast should come close to.
const team = simulateHistory({ ...spec, seed: 41, days: DAYS + 14 });
const group = simulateHistory({
  ...spec,
  seed: 42,
  days: DAYS + 14,
  arrivals: SUPPORT_WEEK.arrivals.map((v) => v / 4),
  capacity: SUPPORT_WEEK.capacity.map((v) => v / 4),
});
const peakOf = (days: typeof team) => Math.max(...days.slice(DAYS).map((d) => d.backlog ?? 0));

interface Received {
  kpi: string;
  value: number;
  n: number;
  rule: { type: string; above: number };
  forecast: { group: string | null; date: string; above: number };
}

describe.each(DATABASES)('forecast backlog alerts on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let deps: AlertDeps;
  let inst: string;
  const received: Received[] = [];
  const alert = (rule: Record<string, unknown>, kpi = 'backlog') =>
    createAlert(deps, inst, {
      kpi,
      rule: { type: 'forecast_backlog', ...rule },
      minSample: 28,
      cooldownMinutes: 60,
      webhookUrl: `${HOOK}/f`,
    });

  beforeAll(async () => {
    db = await open();
    await migrate(db.client);
    store = createSqlStore(db.client);
    inst = (await store.createInstallation(newInstallation())).id;
    const history = { team: team.slice(0, DAYS), group: group.slice(0, DAYS), groupId: GROUP };
    await seedForecastRollups(store, inst, history, spec.holidays);
    deps = {
      store,
      reportingTimeZone: 'UTC',
      webhooks: createHttpWebhookPoster({ timeoutMs: 2_000 }),
    };
    nock.disableNetConnect();
  }, 120_000);

  afterEach(async () => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    received.length = 0;
    for (const a of (await listAlerts(deps, inst)).alerts) await deleteAlert(deps, inst, a.id);
  });

  afterAll(async () => {
    nock.enableNetConnect();
    await db.dispose();
  });

  it('fires when the forecast backlog goes above N, naming the day it peaks', async () => {
    nock(HOOK)
      .post('/f', (body: Received) => {
        received.push(body);
        return true;
      })
      .reply(200, 'ok');
    const created = await alert({ above: 10 });
    const [result] = await evaluateAlerts(deps, inst, NOW);
    expect(result).toMatchObject({ alertId: created.id, outcome: 'fired', n: DAYS });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      kpi: 'backlog',
      rule: { type: 'forecast_backlog', above: 10 },
      forecast: { group: null, above: 10 },
    });
    const peakDate = received[0]?.forecast.date ?? '';
    expect(peakDate >= '2024-03-04' && peakDate <= '2024-03-17').toBe(true);
    // The peak forecast is near the process's own peak over those 14 days (it drifts as a
    // random walk, hence the room).
    expect(Math.abs((received[0]?.value ?? 0) - peakOf(team))).toBeLessThan(0.25 * peakOf(team));
  });

  it('stays quiet below N and forecasts a group from its own rollups', async () => {
    await alert({ above: 1_000_000 });
    await alert({ above: Math.round(2 * peakOf(group)), group: GROUP });
    const results = await evaluateAlerts(deps, inst, NOW);
    expect(results.map((r) => r.outcome)).toEqual(['ok', 'ok']);
    // The group's peak is its own (a quarter of the team's arrivals), not the team's.
    expect(Math.abs((results[1]?.value ?? 0) - peakOf(group))).toBeLessThan(0.35 * peakOf(group));
  });

  it('needs minSample days of history', async () => {
    await createAlert(deps, inst, {
      kpi: 'backlog',
      rule: { type: 'forecast_backlog', above: 1 },
      minSample: DAYS + 1,
      cooldownMinutes: 60,
      webhookUrl: `${HOOK}/f`,
    });
    const [result] = await evaluateAlerts(deps, inst, NOW);
    expect(result).toMatchObject({ outcome: 'insufficient_sample', n: DAYS });
  });

  it('refuses a forecast rule on another KPI or with a bad group', async () => {
    await expect(alert({ above: 10 }, 'first_reply')).rejects.toBeInstanceOf(ValidationError);
    await expect(alert({ above: 10, group: 'a b' })).rejects.toBeInstanceOf(ValidationError);
    await expect(alert({ above: -1 })).rejects.toBeInstanceOf(ValidationError);
  });
});
