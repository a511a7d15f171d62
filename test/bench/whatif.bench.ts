import { encryptSecret } from '../../src/security/secrets.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { SlaPolicy } from '../../src/domain/index.js';
import { analyzeTimeline, calendarSetFor } from '../../src/services/pipeline/analyze-ticket.js';
import { whatIf } from '../../src/services/whatif/what-if.js';
import { MAX_REPORT_DATE, MIN_REPORT_DATE } from '../../src/domain/index.js';
import { instantRange } from '../../src/services/kpi/range.js';
import { openStore } from '../../src/store/index.js';
import type { TimelineColumnsStore } from '../../src/store/roles/whatif.js';
import { createPgClient } from '../../src/store/sql-client.js';
import { readTicketColumns } from '../../src/store/sql-timeline-columns.js';
import type { TicketStore } from '../../src/store/store.js';
import { watchBackends, withApplicationName } from './cpu-split.js';
import { benchSchedule, createRandom, syntheticTimeline } from './synthetic-timelines.js';
import { replicateAnalysedTickets } from './whatif-replicate.js';
import { replayInChild, type IsolatedReplay } from './whatif-child.js';
import { rebuildReplayBlocks } from '../../src/services/whatif/rebuild-blocks.js';

export interface WhatIfBenchResult {
  tickets: number;
  /** Tickets written and analysed through the real path; the rest are set-based copies of them. */
  analysedTickets: number;
  events: number;
  /** Sync pages + analysis + stored metrics + copies, untimed in the figures below. */
  loadSeconds: number;
  /** Store → comparison, today's settings as the proposal (identity), each run. */
  identityRunsSeconds: number[];
  /** Store → comparison under a stricter policy and a longer office day, each run. */
  proposalRunsSeconds: number[];
  /** The columnar read alone (every batch, nothing computed), each run. */
  readRunsSeconds: number[];
  /** The first read after the load: it builds the replay blocks (migration 022) as it goes. */
  coldReadSeconds: number;
  /** The per-ticket read the blocks replaced, alone and under the proposal, each run. */
  perTicketReadRunsSeconds: number[];
  perTicketProposalRunsSeconds: number[];
  /** CPU seconds of this process / of its PostgreSQL backends during each timed figure, per run. */
  cpu: Record<Figure, { node: number[]; postgres: number[] }>;
  /** 1-minute load average of the machine before each timed run (2 cores). */
  loadAverages: number[];
  /** This process's peak resident memory over the whole bench (MB). */
  peakRssMb: number;
  /** The same after the load and after the first run of the block read (no per-ticket run yet). */
  peakRssMbAfterLoad: number;
  peakRssMbBlocksOnly: number;
  flips: number;
  identityUnchanged: boolean;
  /**
   * The proposal replayed in a process of its own (whatif-child.ts), which holds nothing but the
   * replay: with the blocks there (warm), after they were all dropped (cold: it builds them), and
   * after they were dropped and then rebuilt by the background job's code (rebuild-blocks.ts).
   * All three must give the same report as the bench's own proposal runs.
   */
  isolated: { warm: IsolatedFigures; cold: IsolatedFigures; afterRebuild: IsolatedFigures };
  /** The background rebuild of every block (all dropped): wall and CPU seconds, jobs it took. */
  rebuild: { seconds: number; node: number; postgres: number; jobs: number; blocks: number };
  isolatedSameReport: boolean;
}

/** One isolated replay's figures (the report itself is compared, not kept). */
export type IsolatedFigures = Omit<IsolatedReplay, 'report'> & { postgres: number };

/**
 * Tickets written through the sync path and analysed (about 1–2.5 s per 1,000 here); beyond it the
 * stored rows are copied set-based (whatif-replicate.ts), so a million fits in minutes.
 */
const ANALYSED_TICKETS = 20_000;

type Figure = 'cold' | 'identity' | 'proposal' | 'read' | 'perTicketRead' | 'perTicketProposal';

const NOW = Date.UTC(2025, 0, 1);
const POLICY: SlaPolicy = {
  id: 'bench',
  name: 'Bench',
  targets: [
    { metric: 'first_reply_time', priority: null, targetSeconds: 4 * 3600, businessHours: true },
    {
      metric: 'requester_wait_time',
      priority: null,
      targetSeconds: 16 * 3600,
      businessHours: true,
    },
    {
      metric: 'full_resolution_time',
      priority: null,
      targetSeconds: 5 * 86_400,
      businessHours: false,
    },
  ],
};

/**
 * What-if replay from the store: up to ANALYSED_TICKETS synthetic tickets (20 events each) are
 * written as the sync writes them and analysed under POLICY, then copied to `tickets` (untimed),
 * then the whole history is replayed,
 * store to comparison, in one process: with today's settings (must change nothing) and under a
 * proposal (halved targets, a 9–18 office day), `runs` times each, plus the columnar read alone.
 */
export async function benchWhatIf(options: {
  tickets: number;
  databaseUrl: string;
  runs?: number;
  /** Also time the per-ticket read the blocks replaced, alternated with the runs (default). */
  perTicket?: boolean;
}): Promise<WhatIfBenchResult> {
  const { tickets, databaseUrl, runs = 3, perTicket: withPerTicket = true } = options;
  const schema = `bench_whatif_${String(process.pid)}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  // Named so the PostgreSQL backends serving the store can be told apart (CPU split).
  const store = await openStore({ databaseUrl: withApplicationName(databaseUrl, schema), schema });
  // The read before the replay blocks, on a client of its own, for the before/after ratio.
  const client = createPgClient(withApplicationName(databaseUrl, schema), { schema });
  try {
    const loadStart = performance.now();
    const analysedTickets = Math.min(tickets, ANALYSED_TICKETS);
    const inst = await load(store, analysedTickets);
    await replicateAnalysedTickets(admin, schema, inst, analysedTickets, tickets);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    await admin.query(
      `ANALYZE ${schema}.tickets, ${schema}.ticket_events, ${schema}.ticket_metrics, ${schema}.ticket_timeline_packs`,
    );
    const deps = { store, reportingTimeZone: 'UTC', now: () => NOW };
    const perTicket: TimelineColumnsStore = {
      readTimelineColumns: (id, window) => readTicketColumns(client, id, window, null),
    };
    const perTicketDeps = { ...deps, store: { ...store, ...perTicket } };
    const proposal = {
      slaPolicy: {
        ...POLICY,
        targets: POLICY.targets.map((t) => ({ ...t, targetSeconds: t.targetSeconds / 2 })),
      },
      schedules: [
        {
          ...benchSchedule,
          intervals: benchSchedule.intervals.map((i) => ({ ...i, endMinute: i.endMinute + 60 })),
        },
      ],
    };
    const split = () => ({ node: [] as number[], postgres: [] as number[] });
    const result: WhatIfBenchResult = {
      tickets,
      analysedTickets,
      events: tickets * 20,
      loadSeconds,
      identityRunsSeconds: [],
      proposalRunsSeconds: [],
      readRunsSeconds: [],
      coldReadSeconds: 0,
      perTicketReadRunsSeconds: [],
      perTicketProposalRunsSeconds: [],
      cpu: {
        cold: split(),
        identity: split(),
        proposal: split(),
        read: split(),
        perTicketRead: split(),
        perTicketProposal: split(),
      },
      loadAverages: [],
      peakRssMb: 0,
      peakRssMbAfterLoad: 0,
      peakRssMbBlocksOnly: 0,
      flips: 0,
      identityUnchanged: true,
      isolated: { warm: noFigures(), cold: noFigures(), afterRebuild: noFigures() },
      rebuild: { seconds: 0, node: 0, postgres: 0, jobs: 0, blocks: 0 },
      isolatedSameReport: true,
    };
    // Wall seconds of `work`, with this process's and its backends' CPU noted under `figure`.
    const timed = async <T>(figure: keyof WhatIfBenchResult['cpu'], work: () => Promise<T>) => {
      // The store's pool keeps its backends from one timed run to the next.
      const backends = watchBackends(databaseUrl, schema, 200, 'first-poll');
      const cpu = process.cpuUsage();
      const started = performance.now();
      const value = await work();
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      result.cpu[figure].node.push((used.user + used.system) / 1e6);
      result.cpu[figure].postgres.push(await backends.stop());
      return { seconds, value };
    };
    const peakRss = () => process.resourceUsage().maxRSS / 1024;
    const request = { proposal, flipLimit: 200, slice: 'channel' } as const;
    // The bench's own proposal replay's overall figures, which every isolated replay must give.
    let reference = '';
    result.peakRssMbAfterLoad = peakRss();
    result.coldReadSeconds = (await timed('cold', () => readOnly(store, inst))).seconds;
    for (let run = 0; run < runs; run += 1) {
      result.loadAverages.push(loadavg()[0] ?? 0);
      result.readRunsSeconds.push((await timed('read', () => readOnly(store, inst))).seconds);
      const identity = await timed('identity', () =>
        whatIf(deps, inst, {
          proposal: { slaPolicy: POLICY, schedules: [benchSchedule] },
          flipLimit: 0,
        }),
      );
      result.identityRunsSeconds.push(identity.seconds);
      result.identityUnchanged &&=
        unchanged(identity.value.overall) && identity.value.overall.tickets === tickets;
      const proposed = await timed('proposal', () => whatIf(deps, inst, request));
      reference = JSON.stringify(proposed.value.overall);
      result.proposalRunsSeconds.push(proposed.seconds);
      result.flips = proposed.value.flips.total;
      if (run === 0) result.peakRssMbBlocksOnly = peakRss();
      if (!withPerTicket) continue;
      // Alternated with the block read's runs: the same period, the same load.
      const old = await timed('perTicketRead', () => readOnly(perTicket, inst));
      result.perTicketReadRunsSeconds.push(old.seconds);
      const oldProposal = await timed('perTicketProposal', () =>
        whatIf(perTicketDeps, inst, { proposal, flipLimit: 200, slice: 'channel' }),
      );
      result.perTicketProposalRunsSeconds.push(oldProposal.seconds);
      if (JSON.stringify(oldProposal.value.overall) !== JSON.stringify(proposed.value.overall))
        throw new Error('the block read and the per-ticket read replayed differently');
    }
    result.peakRssMb = peakRss();
    const isolated = async (): Promise<IsolatedFigures> => {
      const backends = watchBackends(databaseUrl, schema, 200, 'first-poll');
      const { report, ...figures } = await replayInChild({
        databaseUrl: withApplicationName(databaseUrl, schema),
        schema,
        installationId: inst,
        request,
        now: NOW,
      });
      result.isolatedSameReport &&= JSON.stringify(report.overall) === reference;
      return { ...figures, postgres: await backends.stop() };
    };
    const dropBlocks = () => admin.query(`DELETE FROM ${schema}.ticket_replay_blocks`);
    result.isolated.warm = await isolated();
    await dropBlocks();
    result.isolated.cold = await isolated();
    await dropBlocks();
    const rebuilt = await timed('cold', async () => {
      // The job's own code, its continuations run one after another as the queue would.
      let jobs = 0;
      const producer = { enqueue: () => Promise.resolve(), close: () => Promise.resolve() };
      for (;;) {
        jobs += 1;
        const outcome = await rebuildReplayBlocks(
          { store, producer, now: Date.now },
          {
            installationId: inst,
          },
        );
        if (outcome === 'done') return jobs;
        if (outcome !== 'continued') throw new Error(`the rebuild ended ${outcome}`);
      }
    });
    // `timed` noted the rebuild's CPU under `cold`: moved to its own figure.
    result.rebuild = {
      seconds: rebuilt.seconds,
      node: result.cpu.cold.node.pop() ?? NaN,
      postgres: result.cpu.cold.postgres.pop() ?? NaN,
      jobs: rebuilt.value,
      blocks: Number(
        (
          await admin.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${schema}.ticket_replay_blocks`,
          )
        ).rows[0]?.n ?? NaN,
      ),
    };
    result.isolated.afterRebuild = await isolated();
    return result;
  } finally {
    await client.close();
    await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

function noFigures(): IsolatedFigures {
  return {
    seconds: NaN,
    baselineRssMb: NaN,
    peakRssMb: NaN,
    maxHeapUsedMb: NaN,
    maxArrayBuffersMb: NaN,
    postgres: NaN,
  };
}

function unchanged(c: Awaited<ReturnType<typeof whatIf>>['overall']): boolean {
  return (
    c.sla.every((r) => JSON.stringify(r.current) === JSON.stringify(r.proposed)) &&
    c.durations.every((d) => JSON.stringify(d.current) === JSON.stringify(d.proposed))
  );
}

async function readOnly(store: TimelineColumnsStore, inst: string): Promise<void> {
  const { start, end } = instantRange(MIN_REPORT_DATE, MAX_REPORT_DATE, 'UTC');
  let after = '';
  for (;;) {
    const columns = await store.readTimelineColumns(inst, { start, end, after, limit: 5_000 });
    if (columns.ticketIds.length === 0) break;
    after = columns.ticketIds.at(-1) ?? after;
  }
}

/** Writes the synthetic history as sync pages and stores its analysis, in batches. */
async function load(store: TicketStore, tickets: number): Promise<string> {
  const inst = (
    await store.createInstallation({
      helpdesk: 'zendesk',
      domain: 'bench-whatif',
      credentials: encryptSecret('bench', randomBytes(32)),
      appSecretHash: randomUUID(),
      settings: { slaPolicy: POLICY },
    })
  ).id;
  await store.saveSchedules(inst, [benchSchedule]);
  const calendars = calendarSetFor(inst, [benchSchedule]);
  const random = createRandom(17);
  const batch = 5_000;
  for (let offset = 0; offset < tickets; offset += batch) {
    const timelines = Array.from({ length: Math.min(batch, tickets - offset) }, (_, k) =>
      syntheticTimeline(offset + k, random),
    );
    await store.writeSyncPage({
      installationId: inst,
      stream: 'tickets',
      checkpoint: String(offset),
      tickets: timelines.map((t) => t.ticket),
      events: timelines.flatMap((t) => t.events),
    });
    // Stored as the analysis drain stores them: the batch the page marked, claimed and acked.
    const claimed = await store.claimPending(inst, 'ticket', batch, 3_600_000);
    await store.saveClaimedTicketMetrics(
      inst,
      timelines.map((t) =>
        analyzeTimeline(
          {
            ticket: t.ticket,
            timelineVersion: 0,
            events: [...t.events],
            handleTimeEntries: [],
            surveyAnswers: [],
          },
          { now: NOW, calendars, recent: [], slaPolicy: POLICY },
        ),
      ),
      claimed,
    );
    await store.ackPending(inst, 'ticket', claimed);
    // As the analysis does after storing metrics: the replay's packed timelines (migration 019).
    await store.saveTimelinePacks(
      inst,
      timelines.map((t) => t.ticket.id),
    );
  }
  return inst;
}
