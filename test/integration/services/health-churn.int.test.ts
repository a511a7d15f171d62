import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '../../../src/domain/index.js';
import { analyzePendingTickets } from '../../../src/services/pipeline/analyze-pending.js';
import { judgeHealthRule } from '../../../src/services/alerts/health-rule.js';
import { healthChurn } from '../../../src/services/health/churn.js';
import { scoreDays } from '../../../src/services/health/refresh.js';
import { organizationAt } from '../../../src/simulator/catalog.js';
import { createDataset } from '../../../src/simulator/index.js';
import { openStore } from '../../../src/store/index.js';
import type { TicketStore } from '../../../src/store/store.js';
import { newInstallation } from '../store/support.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const END = START + 240 * DAY;
const NOW = END + DAY;
const TZ = 'UTC';

// A planted data set: organisations churn in the window's last 40 %, their tickets degrading in
// the 45 days before (src/simulator/churn-plan.ts). The plan is the ground truth.
const dataset = createDataset({ tickets: 4000, seed: 19, start: START, end: END, churn: true });
const pop = dataset.population;
const plan = pop.churn;

let store: TicketStore;
let installationId: string;
const deps = () => ({ store, reportingTimeZone: TZ, now: () => NOW });

beforeAll(async () => {
  store = await openStore({});
  installationId = (await store.createInstallation(newInstallation())).id;
  const organizations: Organization[] = Array.from({ length: pop.organizations }, (_, k) => {
    const wire = organizationAt(pop, k) as ReturnType<typeof organizationAt> & {
      organization_fields: Record<string, string | number | null>;
      tags: string[];
    };
    return {
      id: String(wire.id),
      name: wire.name,
      updatedAt: Date.parse(wire.updated_at),
      tags: wire.tags,
      fields: wire.organization_fields,
    };
  });
  await store.writeSyncPage({
    installationId,
    stream: 'organizations',
    checkpoint: 'orgs',
    organizations,
  });
  for (let first = 0; first < dataset.size; first += 500) {
    const truths = Array.from({ length: Math.min(500, dataset.size - first) }, (_, k) =>
      dataset.truth(first + k),
    ).filter((t) => t.ticket.status !== 'deleted');
    await store.writeSyncPage({
      installationId,
      stream: 'tickets',
      checkpoint: `cp-${String(first)}`,
      tickets: truths.map((t) => t.ticket),
      events: truths.flatMap((t) => t.events),
    });
  }
  const producer = { enqueue: () => Promise.resolve(), close: () => Promise.resolve() };
  for (;;) {
    const result = await analyzePendingTickets(
      { store, producer, now: () => NOW, reportingTimeZone: TZ },
      { installationId, notBefore: 0 },
    );
    if (result.subjects === 0) break;
  }
}, 600_000);

afterAll(async () => {
  await store.close();
});

describe('customer health on planted churn', () => {
  it('ranks every planted churner in the top decile at risk two weeks before it churns', async () => {
    expect(plan).toBeDefined();
    const churners = [...(plan?.churners ?? [])];
    expect(churners.length).toBeGreaterThanOrEqual(3);
    const ranks: string[] = [];
    const results: { rank: number; of: number; status: string }[] = [];
    for (const [orgId, churnAt] of churners) {
      const day = Temporal.Instant.fromEpochMilliseconds(churnAt - 14 * DAY)
        .toZonedDateTimeISO(TZ)
        .toPlainDate()
        .toString();
      const scores = await scoreDays(deps(), installationId, [day], NOW);
      const ranked = [...scores].sort((a, b) => a.score - b.score);
      const rank = ranked.findIndex((s) => s.accountId === String(orgId)) + 1;
      const mine = ranked[rank - 1];
      results.push({ rank, of: ranked.length, status: mine?.status ?? 'none' });
      const atRisk = ranked.filter((r) => r.status === 'at_risk').length;
      ranks.push(
        `${String(orgId)}: ${String(rank)} of ${String(ranked.length)} on ${day}, score ${String(mine?.score)}, ${String(atRisk)} at risk`,
      );
    }
    console.log(`planted churners' ranks:\n${ranks.join('\n')}`);
    for (const r of results) {
      expect(r.rank, ranks.join('\n')).toBeGreaterThan(0);
      expect(r.rank, ranks.join('\n')).toBeLessThanOrEqual(Math.ceil(r.of / 10));
      expect(r.status, ranks.join('\n')).toBe('at_risk');
    }
  }, 300_000);

  it('counts churn and retention as the plan says', async () => {
    await store.saveHealthSettings(installationId, {
      valueField: 'arr',
      churnDateField: 'churned_on',
      churnTag: null,
    });
    const from = '2024-06-01';
    const to = '2024-08-27';
    const range = {
      start: Date.parse(`${from}T00:00:00Z`),
      end: Date.parse(`${to}T00:00:00Z`) + DAY,
    };
    // Independently: each organisation's first ticket from the truth, churn dates from the plan.
    const since = new Map<string, number>();
    for (let i = 0; i < dataset.size; i += 1) {
      const { ticket } = dataset.truth(i);
      if (ticket.organizationId === null || ticket.status === 'deleted') continue;
      const seen = since.get(ticket.organizationId);
      if (seen === undefined || ticket.createdAt < seen)
        since.set(ticket.organizationId, ticket.createdAt);
    }
    const churnOf = (id: string) => plan?.churners.get(Number(id)) ?? null;
    const alive = (id: string, at: number) => {
      const c = churnOf(id);
      return (since.get(id) ?? Infinity) < at && (c === null || c >= at);
    };
    const ids = [...since.keys()];
    const S = ids.filter((id) => alive(id, range.start)).length;
    const E = ids.filter((id) => alive(id, range.end)).length;
    const N = ids.filter((id) => {
      const s = since.get(id) ?? 0;
      return s >= range.start && s < range.end;
    }).length;
    const lost = ids.filter((id) => {
      const c = churnOf(id);
      return alive(id, range.start) && c !== null && c < range.end;
    }).length;
    expect(lost).toBeGreaterThan(0);
    const doc = await healthChurn(deps(), installationId, { from, to });
    expect(doc).toMatchObject({
      status: 'ok',
      start: S,
      end: E,
      acquired: N,
      churned: lost,
      churnRate: lost / S,
      retentionRate: (E - N) / S,
    });
    // The planted degradation shows: churned accounts had more bad ratings before leaving.
    const bad = doc.comparison.find((c) => c.measure === 'bad_csat');
    expect(bad?.churned.mean ?? 0).toBeGreaterThan((bad?.retained.mean ?? 1) * 2);
    console.log(JSON.stringify(doc, null, 1));
  }, 120_000);

  it('alerts when a churner worth at least X drops to at risk, on the day it drops', async () => {
    await store.saveHealthSettings(installationId, {
      valueField: 'arr',
      churnDateField: null,
      churnTag: null,
    });
    // The day the first churner turns at risk in its last 45 days (its day before is not).
    const [orgId, churnAt] = [...(plan?.churners ?? [])][0] ?? [0, 0];
    const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    let drop: string | null = null;
    let before: string | null = null;
    for (let at = churnAt - 45 * DAY; at < churnAt && drop === null; at += DAY) {
      const [score] = (await scoreDays(deps(), installationId, [dayOf(at)], NOW)).filter(
        (x) => x.accountId === String(orgId),
      );
      if (score?.status === 'at_risk' && before !== 'at_risk') drop = dayOf(at);
      before = score?.status ?? null;
    }
    expect(drop).not.toBeNull();
    const value = plan?.values.get(orgId) ?? 0;
    // The rule is judged at the end of that day, so its scores are the whole day's.
    const endOfDrop = Date.parse(`${drop ?? ''}T00:00:00Z`) + DAY - 1;
    const at = { store, reportingTimeZone: TZ, now: () => endOfDrop };
    const fired = await judgeHealthRule(at, installationId, 10, {
      type: 'account_at_risk',
      minValue: value,
    });
    expect(fired.outcome).toBe('fired');
    expect(fired.firing?.accounts.map((a) => a.accountId)).toContain(String(orgId));
    expect(fired.firing?.accounts.every((a) => (a.value ?? 0) >= value)).toBe(true);
    const above = await judgeHealthRule(at, installationId, 10, {
      type: 'account_at_risk',
      minValue: value + 1,
    });
    expect(above.firing?.accounts.map((a) => a.accountId) ?? []).not.toContain(String(orgId));
    // The day after, it was already at risk the day before: no new drop for it.
    const dayAfter = { ...at, now: () => endOfDrop + DAY };
    const next = await judgeHealthRule(dayAfter, installationId, 10, {
      type: 'account_at_risk',
      minValue: value,
    });
    const stillAtRisk = (
      await scoreDays(deps(), installationId, [dayOf(endOfDrop + DAY)], NOW)
    ).find((x) => x.accountId === String(orgId))?.status;
    if (stillAtRisk === 'at_risk') {
      expect(next.firing?.accounts.map((a) => a.accountId) ?? []).not.toContain(String(orgId));
    }
    // Too few accounts scored: no judgement.
    const few = await judgeHealthRule(at, installationId, 100_000, {
      type: 'account_at_risk',
      minValue: 0,
    });
    expect(few.outcome).toBe('insufficient_sample');
  }, 300_000);
});
