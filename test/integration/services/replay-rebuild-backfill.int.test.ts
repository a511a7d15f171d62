import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { updateSettings } from '../../../src/services/admin/installation-admin.js';
import { requestDrain } from '../../../src/services/pipeline/drains.js';
import { slaPolicyOf } from '../../../src/services/sidebar/settings.js';
import { whatIf } from '../../../src/services/whatif/what-if.js';
import type { TimelineColumnsWindow } from '../../../src/store/roles/whatif.js';
import { createPgClient, type SqlClient } from '../../../src/store/sql-client.js';
import { readFromBlocks } from '../../../src/store/sql-replay-blocks.js';
import { readTicketColumns } from '../../../src/store/sql-timeline-columns.js';
import type { TimelineColumns } from '../../../src/store/store.js';
import { benchSchedule } from '../../bench/synthetic-timelines.js';
import {
  SHARED_REDIS_URL,
  startProductionStack,
  type ProductionStack,
} from '../../support/production-stack.js';
import { ticketsOutsideBlocks } from '../../support/replay-coverage.js';
import { DATABASE_URL, readAllColumns } from '../store/support.js';

const ALL: TimelineColumnsWindow = { start: 0, end: Date.UTC(2100, 0, 1), after: '', limit: 97 };

/**
 * Production mode (BullMQ on the real Redis, PostgreSQL, a worker with the real processors):
 * after a backfill, and again after the re-analysis a settings change starts, the background
 * `replay.rebuild` job has built the replay blocks of every analysed ticket, they read exactly
 * what a fresh build and the per-ticket read give, and the first what-if replay builds nothing.
 */
describe('replay blocks rebuilt in the background after a backfill and a re-analysis', () => {
  let stack: ProductionStack;
  let client: SqlClient;

  beforeAll(async () => {
    stack = await startProductionStack({
      databaseUrl: DATABASE_URL,
      redisUrl: SHARED_REDIS_URL,
      simulator: { tickets: 150, seed: 37, rateLimit: 'off' },
      // The workers put the rebuild off until the installation has been quiet this long.
      env: { REPLAY_REBUILD_QUIET_MS: '1000', REPLAY_REBUILD_MAX_WAIT_MS: '60000' },
    });
    client = createPgClient(DATABASE_URL, { schema: stack.env['DATABASE_SCHEMA'] ?? '' });
    await stack.startWorker();
  }, 120_000);

  afterAll(async () => {
    await client.close();
    await stack.close();
  }, 60_000);

  const readAll = (read: (w: TimelineColumnsWindow) => Promise<TimelineColumns>) =>
    readAllColumns(read, ALL);
  const fromBlocks = () =>
    readAll((w) => readFromBlocks(client, stack.installationId, w, readTicketColumns));
  const perTicket = () => readAll((w) => readTicketColumns(client, stack.installationId, w, null));
  const blocks = async () =>
    // xmin too: a block dropped and built again in place (same payload) is not the same row.
    (
      await client.query<{ lo: string; hi: string; payload: string; xmin: string }>(
        `SELECT lo, hi, encode(payload, 'hex') AS payload, xmin::text AS xmin FROM ticket_replay_blocks
         WHERE installation_id = $1 ORDER BY hi`,
        [stack.installationId],
      )
    ).rows;
  /** Analysed tickets no block covers. */
  const uncovered = () => ticketsOutsideBlocks(client, stack.installationId);
  /** Nothing pending analysis, every sync pass done, every analysed ticket in a block. */
  const settledAndBuilt = async () => {
    const { store, installationId } = stack;
    expect((await store.countPending(installationId)).ticket).toBe(0);
    const passes = await store.listSyncPasses(installationId);
    expect(passes.length).toBeGreaterThan(0);
    expect(passes.every((p) => p.doneAt !== null)).toBe(true);
    expect(await uncovered()).toBe(0);
  };
  /** The blocks read what the per-ticket read gives, and what a fresh build reads. */
  const expectCurrent = async () => {
    const built = await blocks();
    const reference = await perTicket();
    expect(reference.flatMap((b) => b.ticketIds).length).toBeGreaterThan(100);
    expect(await fromBlocks()).toEqual(reference);
    // The read found every block: it built nothing.
    expect(await blocks()).toEqual(built);
    await client.query('DELETE FROM ticket_replay_blocks WHERE installation_id = $1', [
      stack.installationId,
    ]);
    expect(await fromBlocks()).toEqual(reference);
  };
  const replay = () =>
    whatIf({ store: stack.store, reportingTimeZone: 'UTC', now: Date.now }, stack.installationId, {
      proposal: { schedules: [benchSchedule] },
      flipLimit: 0,
    });

  it('after a backfill the blocks are there and the first replay builds none', async () => {
    await stack.enqueueBackfill();
    await vi.waitFor(settledAndBuilt, { timeout: 100_000, interval: 500 });
    const built = await blocks();
    expect(built.length).toBeGreaterThan(0);
    await replay();
    expect(await blocks()).toEqual(built);
    await expectCurrent();
  }, 120_000);

  it('after the re-analysis of a policy change they are rebuilt with its values', async () => {
    const { store, installationId, producer } = stack;
    await vi.waitFor(settledAndBuilt, { timeout: 30_000, interval: 500 });
    const before = await blocks();
    // A stricter policy: every ticket's stored SLA times change, so every block is dropped.
    const policy = slaPolicyOf((await store.getInstallation(installationId))?.settings ?? {});
    if (policy === null) throw new Error('the simulator account has an SLA policy');
    const strict = {
      ...policy,
      targets: policy.targets.map((t) => ({ ...t, targetSeconds: t.targetSeconds / 8 })),
    };
    const deps = { store, producer, now: Date.now, reportingTimeZone: 'UTC' };
    await updateSettings(deps, installationId, { slaPolicy: strict });
    await requestDrain(producer, 'analysis.drain', installationId, Date.now());
    await vi.waitFor(
      async () => {
        await settledAndBuilt();
        // The stored SLA times changed, so every block was dropped and built again.
        const after = await blocks();
        expect(after.length).toBe(before.length);
        expect(after.filter((b, i) => b.payload === before[i]?.payload)).toEqual([]);
      },
      { timeout: 100_000, interval: 500 },
    );
    const built = await blocks();
    await replay();
    expect(await blocks()).toEqual(built);
    await expectCurrent();
  }, 120_000);
});
