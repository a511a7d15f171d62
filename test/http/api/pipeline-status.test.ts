import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_STREAMS } from '../../../src/services/pipeline/sync-pages.js';
import { ADMIN_TOKEN, call, installation, startApi, type ApiHarness } from './support.js';

let h: ApiHarness;
let a: { id: string; secret: string };

beforeAll(async () => {
  h = await startApi();
  a = await installation(h, 'acmestatus');
}, 60_000);

afterAll(async () => {
  await h.close();
});

const status = async () => {
  const r = await call(h, 'GET', `/api/v1/admin/installations/${a.id}/status`, {
    token: ADMIN_TOKEN,
  });
  expect(r.status).toBe(200);
  return r.json as {
    settled: boolean;
    sync: { running: boolean; streamsPending: string[]; backfillPending: boolean };
    outbox: Record<string, number>;
    unpushedSummaries: number;
  };
};

describe('GET /api/v1/admin/installations/:id/status (the settled signal)', () => {
  it('is settled only when no sync is due or running, the outbox is empty and all is pushed', async () => {
    // Never synced: every stream's first pass is still due.
    expect(await status()).toMatchObject({
      settled: false,
      sync: { running: false, streamsPending: [...SYNC_STREAMS], backfillPending: false },
    });

    await h.store.planSyncPasses(a.id, SYNC_STREAMS, Date.UTC(2024, 0, 1));
    for (const stream of SYNC_STREAMS) await h.store.finishStreamPass(a.id, stream);
    expect(await status()).toMatchObject({ settled: true, sync: { streamsPending: [] } });

    // A running sync, then work in the outbox, then an unpushed summary: each unsettles it.
    expect(await h.store.acquireSyncLease(a.id, 'holder', 60_000)).toBe(true);
    expect(await status()).toMatchObject({ settled: false, sync: { running: true } });
    await h.store.releaseSyncLease(a.id, 'holder');

    await h.store.markPending(a.id, 'requester', ['R1']);
    expect(await status()).toMatchObject({ settled: false, outbox: { requester: 1 } });
    const claimed = await h.store.claimPending(a.id, 'requester', 10, 60_000);
    await h.store.saveSummary(a.id, 'requester', 'R1', { v: 1 }, 'h1', { markPush: true });
    await h.store.ackPending(a.id, 'requester', claimed);
    expect(await status()).toMatchObject({
      settled: false,
      outbox: { requester: 0, push: 1 },
      unpushedSummaries: 1,
    });
    await h.store.markSummaryPushed(a.id, 'requester', 'R1', 'h1');
    expect(await status()).toMatchObject({ settled: true, outbox: { push: 0 } });

    // A requested backfill is work still owed.
    await h.store.requestRewind(a.id, SYNC_STREAMS, Date.UTC(2023, 0, 1));
    expect(await status()).toMatchObject({ settled: false, sync: { backfillPending: true } });
  });

  it('answers 404 for an unknown installation and 401 without the admin token', async () => {
    const path = `/api/v1/admin/installations/${randomUUID()}/status`;
    expect((await call(h, 'GET', path, { token: ADMIN_TOKEN })).status).toBe(404);
    expect((await call(h, 'GET', path, {})).status).toBe(401);
  });
});
