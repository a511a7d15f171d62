import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  SHARED_REDIS_URL,
  differencesFromTruth,
  startProductionStack,
  type ProductionStack,
} from '../../support/production-stack.js';
import type { ProxiedRequest } from '../../support/recording-proxy.js';
import { DATABASE_URL } from '../store/support.js';

const PER_MINUTE = 400;
/** The connector's default: half of the account's budget stays free for its other integrations. */
const BUDGET_SHARE = 0.5;

const isSyncPage = (r: ProxiedRequest): boolean => r.url.startsWith('/api/v2/incremental/');

/** A 429 or a 5xx: the request must be asked again. Other 4xx are answers (e.g. a 422). */
const isRefusal = (r: ProxiedRequest): boolean =>
  r.status !== null && (r.status === 429 || r.status >= 500);

/**
 * The whole pipeline (sync → store → analysis → summaries → push-back, one in-process worker)
 * against a simulator that enforces a per-minute budget and answers a quarter of the requests
 * with a 429 storm (`Retry-After: 1`) and another tenth with a 503. The connector tests check
 * the client's waits on their own (test/http/zendesk/client.test.ts) and the connector's pages
 * under faults (connectors/zendesk-sync-faults); this checks what a deployment sees.
 */
describe('a sync through 429 storms and 5xx bursts', () => {
  let stack: ProductionStack;
  let requests: ProxiedRequest[];

  beforeAll(async () => {
    stack = await startProductionStack({
      databaseUrl: DATABASE_URL,
      redisUrl: SHARED_REDIS_URL,
      simulator: {
        tickets: 300,
        seed: 30,
        rateLimit: { perMinute: PER_MINUTE, exportsPerMinute: 200 },
        faults: { rateLimitStorm: { probability: 0.25 }, serverErrors: { probability: 0.1 } },
      },
    });
    await stack.startWorker();
    await stack.enqueueBackfill();
    await vi.waitFor(
      async () => {
        const { store, installationId, sim } = stack;
        expect(await differencesFromTruth(store, installationId, sim)).toEqual([]);
      },
      { timeout: 70_000, interval: 1_000 },
    );
    // Push-back may still be retrying: wait until the helpdesk has heard nothing for 5 s.
    let seen = -1;
    while (seen !== stack.proxy.requests.length) {
      seen = stack.proxy.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    requests = [...stack.proxy.requests];
  }, 90_000);

  afterAll(async () => {
    await stack.close();
  }, 60_000);

  it('met storms and bursts', () => {
    expect(requests.filter((r) => r.status === 429).length).toBeGreaterThan(3);
    expect(requests.filter((r) => r.status === 503).length).toBeGreaterThan(1);
    // Seed 30 refuses the 1st, 5th and 7th requests: the first sync pages.
    expect(requests.filter((r) => isRefusal(r) && isSyncPage(r)).length).toBeGreaterThan(0);
  });

  it('lost no page: every refused request was asked again and then answered', () => {
    const refusedOnce = new Set<string>();
    for (const [index, refused] of requests.entries()) {
      if (!isRefusal(refused)) continue;
      const key = `${refused.method} ${refused.url}`;
      refusedOnce.add(key);
      const later = requests.slice(index + 1);
      const again = later.find((r) => `${r.method} ${r.url}` === key);
      expect(again, `${key} after ${String(refused.status)}`).toBeDefined();
    }
    expect(refusedOnce.size).toBeGreaterThan(3);
    const lastStatus = new Map(requests.map((r) => [`${r.method} ${r.url}`, r.status]));
    // A 422 on creating a user field means another job created it meanwhile: an answer.
    const answered = (key: string, status: number | null): boolean =>
      (status !== null && status < 300) ||
      (key.startsWith('POST /api/v2/user_fields') && status === 422);
    expect([...refusedOnce].filter((key) => !answered(key, lastStatus.get(key) ?? null))).toEqual(
      [],
    );
  });

  it('slowed down: a request refused with 429 was asked again only after Retry-After', () => {
    // One client asks for these (sync pages, one requester's fields), so the next equal
    // request after a 429 is its retry.
    const own = requests.filter((r) =>
      /^(GET \/api\/v2\/incremental\/|PUT )/.test(`${r.method} ${r.url}`),
    );
    let waits = 0;
    for (const [index, refused] of own.entries()) {
      if (refused.status !== 429) continue;
      const retry = own.slice(index + 1).find((r) => r.url === refused.url);
      expect(retry).toBeDefined();
      // Retry-After is one second; the proxy stamps arrival, a few ms after the answer left.
      expect((retry?.at ?? 0) - refused.at).toBeGreaterThanOrEqual(990);
      waits += 1;
    }
    expect(waits).toBeGreaterThan(0);
  });

  it('recorded every 429 its syncs met, and the budget left, for the sync status', async () => {
    const syncReads = requests.filter(
      (r) => r.method === 'GET' && /^\/api\/v2\/(incremental|business_hours)\//.test(r.url),
    );
    const status = await stack.store.listSyncStatus(stack.installationId);
    const recorded = status.reduce((n, s) => n + s.count429, 0);
    // The worker's connector for the installation also serves write-back jobs: 429s they met
    // while a sync ran count too, so the syncs' own are a floor and every 429 a ceiling.
    expect(recorded).toBeGreaterThanOrEqual(syncReads.filter((r) => r.status === 429).length);
    expect(recorded).toBeLessThanOrEqual(requests.filter((r) => r.status === 429).length);
    expect(recorded).toBeGreaterThan(0);
    const tickets = status.find((s) => s.stream === 'tickets');
    expect(tickets?.rateLimit).toMatchObject({ limit: PER_MINUTE });
    expect(tickets?.rateLimit?.remaining).toBeGreaterThanOrEqual(0);
  });

  it("counted every 429 exactly once, push-back's own under push_back (issue 13)", async () => {
    const status = await stack.store.listSyncStatus(stack.installationId);
    const recorded = status.reduce((n, s) => n + s.count429, 0);
    // One connector serves syncs and push-backs: each 429 is recorded by whichever job comes first.
    expect(recorded).toBe(requests.filter((r) => r.status === 429).length);
    // A backfill pushes after its last page, when no sync runs: the writes' 429s are push-back's.
    const writes429 = requests.filter(
      (r) => r.status === 429 && (r.method === 'PUT' || r.url.startsWith('/api/v2/user_fields')),
    ).length;
    // Push-back now writes a few bulk requests, so whether the storm hits one of them depends on
    // the order requests reach the simulator: when it does, they are push-back's.
    const push = status.find((s) => s.stream === 'push_back');
    expect(push?.count429 ?? 0).toBeGreaterThanOrEqual(writes429);
  });

  it("never spent more than its share of the account's budget", () => {
    const limits = requests.filter((r) => r.remaining !== null && r.limit === PER_MINUTE);
    expect(limits.length).toBeGreaterThan(requests.length / 2);
    const lowest = Math.min(...limits.map((r) => r.remaining ?? PER_MINUTE));
    // Requests already in flight when the share ran out (one per concurrent job) may land.
    expect(lowest).toBeGreaterThanOrEqual((1 - BUDGET_SHARE) * PER_MINUTE - 8);
    expect(requests.some((r) => r.status === 429 && r.remaining === 0)).toBe(false);
  });
});
