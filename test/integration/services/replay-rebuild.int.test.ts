import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../../../src/domain/index.js';
import type { TicketTimeline } from '../../../src/metrics/ticket-metrics.js';
import type { JobName } from '../../../src/queue/catalog.js';
import type { JobProducer } from '../../../src/queue/queue.js';
import { analyzeTimeline, calendarSetFor } from '../../../src/services/pipeline/analyze-ticket.js';
import {
  rebuildReplayBlocks,
  type RebuildOutcome,
  type ReplayRebuildDeps,
} from '../../../src/services/whatif/rebuild-blocks.js';
import type { TimelineColumnsWindow } from '../../../src/store/roles/whatif.js';
import { buildNextReplayBlocks, readFromBlocks } from '../../../src/store/sql-replay-blocks.js';
import { readTicketColumns } from '../../../src/store/sql-timeline-columns.js';
import type { TicketStore, TimelineColumns } from '../../../src/store/store.js';
import { benchSchedule, createRandom, syntheticTimeline } from '../../bench/synthetic-timelines.js';
import {
  DATABASES,
  newInstallation,
  openMigratedStore,
  type TestDatabase,
  readAllColumns,
} from '../store/support.js';

const NOW = Date.UTC(2025, 0, 1);
/** Small blocks, two per rebuild step, so a few dozen tickets take several steps. */
const BLOCK = 4;
const PER_STEP = 2;
const TICKETS = 40;
const ALL: TimelineColumnsWindow = { start: 0, end: NOW, after: '', limit: 7 };
const POLICY: SlaPolicy = {
  id: 'p',
  name: 'P',
  targets: [
    { metric: 'first_reply_time', priority: null, targetSeconds: 4 * 3600, businessHours: true },
  ],
};

interface BlockRow {
  lo: string;
  hi: string;
  n: number;
  payload: string;
}

/**
 * The background rebuild of the replay blocks (rebuild-blocks.ts, `replay.rebuild`): it builds
 * exactly the blocks a replay would, a short step at a time; it is idempotent, resumes after a
 * kill, waits for a settling history and for writes, and writes made while it runs drop the
 * blocks they touch as they always do.
 */
describe.each(DATABASES)('replay block rebuild on %s', (_name, open) => {
  let db: TestDatabase;
  let store: TicketStore;
  let inst: string;
  const enqueued: { name: JobName; payload: unknown; delayMs: number | undefined }[] = [];
  const producer: JobProducer = {
    enqueue: (name, payload, options) => {
      enqueued.push({ name, payload, delayMs: options?.delayMs });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  /** The deps of a rebuild with small blocks; `onStep` runs after each step the store made. */
  const deps = (
    onStep?: (step: number) => Promise<void>,
    more: Partial<ReplayRebuildDeps> = {},
  ) => {
    let steps = 0;
    const rebuildDeps: ReplayRebuildDeps = {
      store: {
        pendingAgeMs: (id, kind) => store.pendingAgeMs(id, kind),
        listSyncPasses: (id) => store.listSyncPasses(id),
        buildNextReplayBlocks: async (id, from) => {
          const step = await buildNextReplayBlocks(db.client, id, from, PER_STEP, BLOCK);
          steps += 1;
          await onStep?.(steps);
          return step;
        },
      },
      producer,
      now: () => NOW,
      retryMs: 1_234,
      ...more,
    };
    return rebuildDeps;
  };
  /** Runs the job and its continuations, as the queue would, until it ends otherwise. */
  const rebuildAll = async (d = deps()): Promise<{ outcome: RebuildOutcome; jobs: number }> => {
    for (let jobs = 1; ; jobs += 1) {
      const outcome = await rebuildReplayBlocks(d, { installationId: inst });
      if (outcome !== 'continued') return { outcome, jobs };
    }
  };
  const blocks = async () =>
    (
      await db.client.query<BlockRow>(
        `SELECT lo, hi, n, encode(payload, 'hex') AS payload FROM ticket_replay_blocks
         WHERE installation_id = $1 ORDER BY hi`,
        [inst],
      )
    ).rows;
  const dropAll = () =>
    db.client.query('DELETE FROM ticket_replay_blocks WHERE installation_id = $1', [inst]);
  /** The blocks a replay builds from nothing (its own build, the reference); they stay. */
  const freshBuild = async () => {
    await dropAll();
    await readAll((w) => readFromBlocks(db.client, inst, w, readTicketColumns, BLOCK));
    return blocks();
  };
  /** Acknowledges the tickets a sync page marked for analysis, as the analysis drain would. */
  const settle = async () => {
    for (;;) {
      const claimed = await store.claimPending(inst, 'ticket', 1_000, 60_000);
      if (claimed.length === 0) return;
      await store.ackPending(inst, 'ticket', claimed);
    }
  };
  const readAll = (read: (w: TimelineColumnsWindow) => Promise<TimelineColumns>) =>
    readAllColumns(read, ALL);
  /**
   * What the blocks read equals what the per-ticket read gives, ticket by ticket; unless
   * `holes`, the read found every block there (it built nothing).
   */
  const expectBlocksCurrent = async (holes = false) => {
    const reference = await readAll((w) => readTicketColumns(db.client, inst, w, null));
    const before = await blocks();
    expect(
      await readAll((w) => readFromBlocks(db.client, inst, w, readTicketColumns, BLOCK)),
    ).toEqual(reference);
    if (!holes) expect(await blocks()).toEqual(before);
  };
  const save = async (timelines: TicketTimeline[]) => {
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: String(Math.random()),
      tickets: timelines.map((t) => t.ticket),
      events: timelines.flatMap((t) => t.events),
    });
    const stored = await store.getTicketTimelines(
      inst,
      timelines.map((t) => t.ticket.id),
    );
    for (const timeline of stored) {
      const analysis = analyzeTimeline(timeline, {
        now: NOW,
        calendars: calendarSetFor(`rebuild-test:${inst}`, [benchSchedule]),
        recent: [],
        slaPolicy: POLICY,
      });
      await store.saveTicketMetrics(inst, {
        ...analysis,
        timelineVersion: timeline.timelineVersion,
      });
    }
    await store.saveTimelinePacks(
      inst,
      timelines.map((t) => t.ticket.id),
    );
  };
  const random = createRandom(9);
  const timelines = Array.from({ length: TICKETS }, (_, i) => syntheticTimeline(i, random, 10));
  const ids = timelines.map((t) => t.ticket.id);

  beforeAll(async () => {
    ({ db, store } = await openMigratedStore(open));
    const settings = { reopenWindowDays: 7, slaPolicy: POLICY };
    inst = (await store.createInstallation({ ...newInstallation(), settings })).id;
    await store.saveSchedules(inst, [benchSchedule]);
    await save(timelines);
    await settle();
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
  });

  beforeEach(async () => {
    enqueued.length = 0;
    await dropAll();
  });

  it('builds, a few blocks per step, exactly the blocks a replay builds; again, nothing', async () => {
    expect(await rebuildAll()).toEqual({ outcome: 'done', jobs: 1 });
    const built = await blocks();
    expect(built).toHaveLength(TICKETS / BLOCK);
    expect(built.reduce((n, b) => n + b.n, 0)).toBe(TICKETS);
    expect(await freshBuild()).toEqual(built);
    await expectBlocksCurrent();
    expect(enqueued).toEqual([]);
    // Idempotent: a second rebuild finds no hole and changes nothing.
    expect(await rebuildAll()).toEqual({ outcome: 'done', jobs: 1 });
    expect(await blocks()).toEqual(built);
  });

  it('hands its slot back after its steps and asks for its continuation', async () => {
    const { outcome, jobs } = await rebuildAll(deps(undefined, { stepsPerJob: 2 }));
    expect(outcome).toBe('done');
    // 10 blocks at 2 per step: 5 steps, and one more that finds the end; 2 steps per job.
    expect(jobs).toBe(3);
    expect(enqueued).toEqual(
      [1, 2].map(() => ({
        name: 'replay.rebuild',
        payload: { installationId: inst },
        delayMs: 0,
      })),
    );
    const built = await blocks();
    expect(await freshBuild()).toEqual(built);
  });

  it('a rebuild killed between steps or stopped resumes from the first hole', async () => {
    const crash = deps((step) =>
      step === 2 ? Promise.reject(new Error('killed')) : Promise.resolve(),
    );
    await expect(rebuildReplayBlocks(crash, { installationId: inst })).rejects.toThrow('killed');
    expect(await blocks()).toHaveLength(2 * PER_STEP);
    const controller = new AbortController();
    const stopped = deps(() => {
      controller.abort();
      return Promise.resolve();
    });
    expect(await rebuildReplayBlocks(stopped, { installationId: inst }, controller.signal)).toBe(
      'continued',
    );
    expect(enqueued).toHaveLength(1);
    expect(await blocks()).toHaveLength(3 * PER_STEP);
    expect((await rebuildAll()).outcome).toBe('done');
    const built = await blocks();
    expect(await freshBuild()).toEqual(built);
    await expectBlocksCurrent();
  });

  it('writes made during a rebuild drop the blocks they touch, and only those', async () => {
    // After the second step (tickets 0–15 in blocks), ticket 2 (built, behind the rebuild) and
    // ticket 30 (ahead of it) change.
    const during = deps(async (step) => {
      if (step !== 2) return;
      const changed = [2, 30].map((i) => timelines[i]).filter((t) => t !== undefined);
      await store.writeSyncPage({
        installationId: inst,
        stream: 'tickets',
        checkpoint: 'during',
        tickets: changed.map((t) => ({
          ...t.ticket,
          groupId: 'moved',
          updatedAt: t.ticket.updatedAt + 1,
        })),
        events: [],
      });
    });
    expect((await rebuildAll(during)).outcome).toBe('done');
    await settle();
    const after = await blocks();
    // Ticket 2's block (ids[0]–ids[3]) was dropped behind the rebuild, which went on; ticket
    // 30's was built after the write, with it.
    expect(after).toHaveLength(TICKETS / BLOCK - 1);
    expect(after.some((b) => b.lo < (ids[2] ?? '') && b.hi >= (ids[2] ?? ''))).toBe(false);
    // The blocks kept read current values (the read builds the dropped one again).
    await expectBlocksCurrent(true);
    expect((await rebuildAll()).outcome).toBe('done');
    expect(await blocks()).toHaveLength(TICKETS / BLOCK);
    const built = await blocks();
    expect(await freshBuild()).toEqual(built);
    const read = await readAll((w) => readFromBlocks(db.client, inst, w, readTicketColumns, BLOCK));
    const groups = read.flatMap((b) => b.groupIds);
    expect([groups[2], groups[30]]).toEqual(['moved', 'moved']);
  });

  it('waits, building nothing, while tickets are pending analysis', async () => {
    await store.markPending(inst, 'ticket', [ids[5] ?? '']);
    try {
      expect(await rebuildAll()).toEqual({ outcome: 'waiting', jobs: 1 });
      expect(await blocks()).toEqual([]);
      // The drain that analyses them asks again (jobs/processors.ts); nothing is enqueued here.
      expect(enqueued).toEqual([]);
    } finally {
      await settle();
    }
    expect((await rebuildAll()).outcome).toBe('done');
  });

  it('put off for a quiet spell (production mode), a waiting rebuild asks again itself', async () => {
    let asked = 0;
    const askLater = () => {
      asked += 1;
      return Promise.resolve();
    };
    await store.markPending(inst, 'ticket', [ids[7] ?? '']);
    try {
      expect(await rebuildAll(deps(undefined, { askLater }))).toEqual({
        outcome: 'waiting',
        jobs: 1,
      });
      // Nothing else need ask: a sync pass can end on a page that changes nothing.
      expect(asked).toBe(1);
      expect(enqueued).toEqual([]);
      expect(await blocks()).toEqual([]);
    } finally {
      await settle();
    }
    expect((await rebuildAll(deps(undefined, { askLater }))).outcome).toBe('done');
    expect(asked).toBe(1);
  });

  it('waits while a sync pass is still reading', async () => {
    await store.planSyncPasses(inst, ['tickets'], NOW - 86_400_000);
    expect(await rebuildAll(deps(undefined, { now: Date.now }))).toEqual({
      outcome: 'waiting',
      jobs: 1,
    });
    expect(await blocks()).toEqual([]);
    await store.finishStreamPass(inst, 'tickets');
    expect((await rebuildAll(deps(undefined, { now: Date.now }))).outcome).toBe('done');
  });

  it('never waits for a write holding the installation: tries again later (PostgreSQL)', async () => {
    const another = db.openAnother?.();
    if (another === undefined) return;
    await another.transaction(async (tx) => {
      await tx.query(
        `SELECT pg_advisory_xact_lock_shared(hashtext('deskpulse.replay_blocks.' || current_schema()),
          hashtext($1::uuid::text))`,
        [inst],
      );
      expect(await rebuildAll()).toEqual({ outcome: 'busy', jobs: 1 });
      expect(await blocks()).toEqual([]);
    });
    expect(enqueued).toEqual([
      { name: 'replay.rebuild', payload: { installationId: inst }, delayMs: 1_234 },
    ]);
    expect((await rebuildAll()).outcome).toBe('done');
  });
});
