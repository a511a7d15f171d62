import { benchAgreement } from './agreement.bench.js';
import { benchConnector } from './connector.bench.js';
import { benchFreshness } from './freshness.bench.js';
import { benchKpi } from './kpi.bench.js';
import { benchSidebar } from './sidebar.bench.js';
import { benchMetricEngine } from './metric-engine.bench.js';
import { benchPipeline, type PipelineBenchResult } from './pipeline.bench.js';
import { benchReanalysis } from './reanalysis.bench.js';
import { benchRollupSpan } from './rollup-span.bench.js';
import { benchSqlBaseline, median } from './sql-baseline.bench.js';
import { benchWhatIf } from './whatif.bench.js';

/** One line of the printed table (and of the JSON's `rows`). */
export interface Row {
  suite: string;
  measure: string;
  value: string;
  goal: string;
}

export interface BenchContext {
  quick: boolean;
  databaseUrl: string;
  redisUrl: string;
  /** A numeric `--name=value` flag, or `fallback`. */
  flag(name: string, fallback: number): number;
  /** A comma-separated numeric `--name=a,b` flag, or `fallback`. */
  list(name: string, fallback: number[]): number[];
  /** A comma-separated text `--name=a,b` flag (empty when not given). */
  texts(name: string): string[];
}

export interface Suite {
  name: string;
  run(ctx: BenchContext): Promise<{ rows: Row[]; result: unknown }>;
}

/**
 * Every bench, in run order. The connector runs first: peak RSS is a process-lifetime maximum,
 * so the engine's batches must not be in it yet; the CPU-bound engine benches run last.
 */
export const SUITES: Suite[] = [
  {
    name: 'connector',
    async run(ctx) {
      // A million tickets through the simulator takes ~25 min here (the simulator is the
      // bottleneck); `--connector-tickets=1000000` runs it.
      const tickets = ctx.flag('connector-tickets', ctx.quick ? 20_000 : 100_000);
      const r = await benchConnector(tickets);
      return {
        result: r,
        rows: [
          row(
            'connector',
            `tickets/s with events (${fmt(tickets)} tickets, limits off)`,
            fmt(r.ticketsPerSecond),
          ),
          row('connector', 'events/s', fmt(r.eventsPerSecond)),
          row('connector', 'peak RSS of the connector process (MB)', fmt(r.peakRssMb), '<= 512'),
        ],
      };
    },
  },
  {
    name: 'pipeline',
    async run(ctx) {
      const tickets = ctx.flag('pipeline-tickets', ctx.quick ? 1_000 : 5_000);
      const r = await benchPipeline(tickets, ctx.databaseUrl, { redisUrl: ctx.redisUrl });
      return {
        result: r,
        rows: [
          row(
            'pipeline',
            `tickets/s end to end, in-process jobs (${fmt(tickets)} tickets)`,
            fmt(r.ticketsPerSecond),
            '>= 1,700',
          ),
          row('pipeline', 'failed jobs', String(r.failedJobs), '0'),
          cpuRow('pipeline', r),
          processRow('pipeline', r),
          row('pipeline', 'ticket analyses per ticket', (r.analysesPerTicket ?? NaN).toFixed(2)),
        ],
      };
    },
  },
  {
    name: 'workers',
    async run(ctx) {
      const tickets = ctx.flag('worker-tickets', ctx.quick ? 1_000 : 5_000);
      const runs: PipelineBenchResult[] = [];
      // `--worker-node-args=--cpu-prof,--cpu-prof-dir=prof` profiles every worker process.
      const workerNodeArgs = ctx.texts('worker-node-args');
      for (const workers of ctx.list('workers', [1, 2, 4])) {
        runs.push(
          await benchPipeline(tickets, ctx.databaseUrl, {
            workers,
            redisUrl: ctx.redisUrl,
            workerNodeArgs,
          }),
        );
      }
      const base = runs[0]?.ticketsPerSecond ?? NaN;
      const rows = runs.map((r) =>
        row(
          'workers',
          `tickets/s, ${String(r.workers)} worker process(es), BullMQ (${fmt(tickets)} tickets)`,
          `${fmt(r.ticketsPerSecond)} (×${(r.ticketsPerSecond / base).toFixed(2)})`,
        ),
      );
      const failed = runs.reduce((n, r) => n + r.failedJobs, 0);
      rows.push(row('workers', 'failed jobs, all runs', String(failed), '0'));
      rows.push(...runs.map((r) => cpuRow('workers', r)));
      rows.push(...runs.map((r) => processRow('workers', r)));
      rows.push(
        ...runs.map((r) =>
          row(
            'workers',
            `peak RSS of each worker process, ${String(r.workers)} worker(s) (MB)`,
            r.workerPeaksRssMb.map(fmt).join(' / '),
            '<= 512',
          ),
        ),
      );
      return { result: runs, rows };
    },
  },
  {
    name: 'freshness',
    async run(ctx) {
      const updates = ctx.flag('freshness-updates', ctx.quick ? 50 : 200);
      // `--freshness-trace=1`: each step of the path, printed below the table and in the JSON.
      const trace = ctx.flag('freshness-trace', 0) === 1;
      const idle = await benchFreshness({ updates, databaseUrl: ctx.databaseUrl, trace });
      // Under a backfill each update waits behind analysis batches; fewer, or it takes an hour.
      const busyUpdates = ctx.flag('freshness-backfill-updates', ctx.quick ? 10 : 40);
      const busy = await benchFreshness({
        updates: busyUpdates,
        databaseUrl: ctx.databaseUrl,
        duringBackfill: true,
        trace,
      });
      if (trace)
        console.log(JSON.stringify({ idle: idle.breakdown, busy: busy.breakdown }, null, 1));
      // Issue 16's goal is for an update while another account backfills; idle has none.
      const rows = (label: string, r: typeof idle, goal: string) => [
        row(
          'freshness',
          `webhook → requester summary ${label}, p50 / p95 / max (ms, ${fmt(r.updates)} updates)`,
          `${fmt(r.p50Ms)} / ${fmt(r.p95Ms)} / ${fmt(r.maxMs)}`,
          goal,
        ),
        row('freshness', `updates not reflected in time ${label}`, String(r.failures), '0'),
      ];
      return {
        result: { idle, duringBackfill: busy },
        rows: [...rows('(idle)', idle, ''), ...rows('during a backfill', busy, 'p95 <= 250')],
      };
    },
  },
  {
    name: 'reanalysis',
    async run(ctx) {
      // A million takes long here (set-up writes and analyses them first); the goal's size.
      const tickets = ctx.flag('reanalysis-tickets', ctx.quick ? 20_000 : 1_000_000);
      // `--reanalysis-cpu-prof=DIR` writes a V8 CPU profile of the timed re-analysis there.
      const [profileDir] = ctx.texts('reanalysis-cpu-prof');
      const r = await benchReanalysis(tickets, ctx.databaseUrl, {
        redisUrl: ctx.redisUrl,
        profileDir,
      });
      const { jobs, postgres } = r.cpuMsPerTicket;
      return {
        result: r,
        rows: [
          row(
            'reanalysis',
            `seconds to re-analyse ${fmt(tickets)} stored tickets after a schedule change`,
            r.seconds.toFixed(1),
            tickets === 1_000_000 ? '<= 60' : '',
          ),
          row('reanalysis', 'tickets/s', fmt(r.ticketsPerSecond)),
          row(
            'reanalysis',
            'CPU ms per ticket, jobs / PostgreSQL',
            `${jobs.toFixed(2)} / ${postgres.toFixed(2)}`,
          ),
          row(
            'reanalysis',
            'CPU ms per ticket by process (from /proc)',
            splitText(r.cpuMsByProcess, postgres),
          ),
          row('reanalysis', 'failed jobs', String(r.failedJobs), '0'),
          row('reanalysis', 'peak RSS of the process (MB)', fmt(r.peakRssMb), '<= 512'),
          row(
            'reanalysis',
            'peak RSS of the job process during the re-analysis alone (MB; RSS at its start)',
            `${r.reanalysisPeakRssMb === null ? '?' : fmt(r.reanalysisPeakRssMb)} (${fmt(r.reanalysisStartRssMb)})`,
            '<= 512',
          ),
        ],
      };
    },
  },
  {
    name: 'sidebar',
    async run(ctx) {
      const tickets = ctx.flag('sidebar-tickets', ctx.quick ? 100_000 : 1_000_000);
      const requesters = ctx.flag('sidebar-requesters', ctx.quick ? 20_000 : 200_000);
      const r = await benchSidebar({
        databaseUrl: ctx.databaseUrl,
        redisUrl: ctx.redisUrl,
        tickets,
        requesters,
        rate: ctx.flag('sidebar-rate', 500),
        seconds: ctx.flag('sidebar-seconds', ctx.quick ? 10 : 30),
      });
      const scale = `${fmt(tickets)} tickets / ${fmt(requesters)} requesters`;
      return {
        result: r,
        rows: [
          row('sidebar', `load, untimed: ${scale} (s)`, r.loadSeconds.toFixed(0)),
          row(
            'sidebar',
            `customer context at ${fmt(r.rate)} req/s for ${String(r.seconds)} s: p50 / p90 / p99 / max (ms)`,
            [r.p50Ms, r.p90Ms, r.p99Ms, r.maxMs].map((ms) => ms.toFixed(1)).join(' / '),
            'p99 <= 15',
          ),
          row(
            'sidebar',
            'requests / non-2xx / connection errors (responses by status)',
            `${fmt(r.requests)} / ${String(r.non2xx)} / ${String(r.errors)} (${JSON.stringify(r.statusCodes)})`,
            '0 non-2xx, 0 errors',
          ),
          row(
            'sidebar',
            'CPU ms per request: server / its PostgreSQL backends / load generator',
            [r.cpuMsPerRequest.server, r.cpuMsPerRequest.postgres, r.cpuMsPerRequest.client]
              .map((ms) => ms.toFixed(3))
              .join(' / '),
          ),
          row(
            'sidebar',
            'server GC during the run: collections / total pause / longest (ms)',
            `${String(r.gc.count)} / ${r.gc.totalMs.toFixed(1)} / ${r.gc.maxMs.toFixed(1)}`,
          ),
          row(
            'sidebar',
            "server event-loop delay p99 / max; generator's send lateness p99 / max (ms)",
            [r.eventLoopDelay.p99Ms, r.eventLoopDelay.maxMs, r.sendLateP99Ms, r.sendLateMaxMs]
              .map((ms) => ms.toFixed(1))
              .join(' / '),
          ),
          row(
            'sidebar',
            'time inside the server (its request log): p99 / max (ms)',
            `${r.inServer.p99Ms.toFixed(1)} / ${r.inServer.maxMs.toFixed(1)}`,
          ),
          row(
            'sidebar',
            'seconds of the run with a request over 15 ms',
            r.slowSeconds.length === 0 ? 'none' : r.slowSeconds.join(', '),
          ),
        ],
      };
    },
  },
  {
    name: 'board',
    async run(ctx) {
      // 2,740 tickets a day is 1,000,000 a year.
      const perDay = ctx.flag('board-per-day', ctx.quick ? 300 : 2_740);
      const r = await benchKpi({
        databaseUrl: ctx.databaseUrl,
        perDay,
        samples: ctx.flag('board-samples', ctx.quick ? 10 : 30),
      });
      return {
        result: r,
        rows: [
          row(
            'board',
            `load, untimed: ${fmt(r.data.tickets)} tickets, ${fmt(r.data.rollupRows)} rollup rows (s)`,
            r.loadSeconds.toFixed(0),
          ),
          row(
            'board',
            `weekly and monthly merges, untimed: ${fmt(r.merge.periods)} periods (s)`,
            r.merge.seconds.toFixed(0),
          ),
          ...r.cases.map((c) =>
            row(
              'board',
              `${c.label}: median / p95 / max (ms, ${String(r.samples)} runs)`,
              `${fmt(c.medianMs)} / ${fmt(c.p95Ms)} / ${fmt(c.maxMs)}`,
              boardGoal(c.label),
            ),
          ),
        ],
      };
    },
  },
  {
    name: 'engine',
    run(ctx) {
      const tickets = ctx.quick ? 100_000 : 1_000_000;
      const e = benchMetricEngine(tickets, ctx.flag('batch', 50_000));
      return Promise.resolve({
        result: e,
        rows: [
          row(
            'metric engine',
            'timelines/s, median batch (one core)',
            fmt(e.medianBatchPerSecond),
            '>= 200,000',
          ),
          row('metric engine', 'timelines/s, overall', fmt(e.overallPerSecond)),
          row(
            'metric engine',
            'timelines/s, slowest..fastest batch',
            `${fmt(e.minBatchPerSecond)}..${fmt(e.maxBatchPerSecond)}`,
          ),
          row('metric engine', 'tickets / events', `${fmt(e.tickets)} / ${fmt(e.events)}`),
          row(
            'metric engine',
            'full recompute at the overall rate (s)',
            (e.tickets / e.overallPerSecond).toFixed(2),
            '<= 5',
          ),
        ],
      });
    },
  },
  {
    name: 'sql',
    async run(ctx) {
      const tickets = ctx.flag('sql-tickets', ctx.quick ? 100_000 : 1_000_000);
      const r = await benchSqlBaseline({ tickets, databaseUrl: ctx.databaseUrl });
      const mismatched = Object.values(r.mismatches).reduce((a, b) => a + b, 0);
      const runs = r.sqlRunsSeconds.map((s) => s.toFixed(1)).join(', ');
      return {
        result: r,
        rows: [
          row(
            'engine vs SQL',
            `engine, 5 calendar metrics, ${fmt(tickets)} tickets (s, median batch)`,
            r.engineMedianSeconds.toFixed(2),
            '<= 5',
          ),
          row(
            'engine vs SQL',
            'engine, same + business clock, all KPIs (s)',
            r.engineBusinessSeconds.toFixed(2),
          ),
          row(
            'engine vs SQL',
            `PostgreSQL ${r.postgres} window query (s, median of ${runs})`,
            r.sqlMedianSeconds.toFixed(1),
          ),
          row(
            'engine vs SQL',
            'engine speed-up (SQL ÷ engine), same run',
            `${r.speedup.toFixed(1)}×`,
            '>= 20×',
          ),
          row('engine vs SQL', 'tickets × metrics that differ', String(mismatched), '0'),
          row(
            'engine vs SQL',
            `clock kernel (columnar), same 5 metrics (s, median pass; CPU/wall ${r.kernelCpuPerWall.toFixed(2)})`,
            r.kernelMedianSeconds.toFixed(3),
          ),
          row(
            'engine vs SQL',
            'clock kernel, same + business clock (s, median pass)',
            r.kernelBusinessMedianSeconds.toFixed(3),
          ),
          row(
            'engine vs SQL',
            'clock kernel, 5 metrics, CPU seconds (median pass)',
            r.kernelCpuMedianSeconds.toFixed(3),
          ),
          row(
            'engine vs SQL',
            'kernel speed-up (SQL ÷ kernel), same run',
            `${r.kernelSpeedup.toFixed(1)}× (with business ${r.kernelSpeedupWithBusiness.toFixed(1)}×)`,
            '>= 20×',
          ),
          row(
            'engine vs SQL',
            'kernel: tickets × metrics that differ from SQL',
            String(Object.values(r.kernelMismatches).reduce((a, b) => a + b, 0)),
            '0',
          ),
          row(
            'engine vs SQL',
            `load, untimed: COPY ${fmt(r.statusRows + r.commentRows)} rows + index (s)`,
            `${r.loadSeconds.toFixed(0)} + ${r.indexSeconds.toFixed(0)}`,
          ),
        ],
      };
    },
  },
  {
    name: 'whatif',
    async run(ctx) {
      const tickets = ctx.flag('whatif-tickets', ctx.quick ? 20_000 : 100_000);
      const runs = ctx.flag('whatif-runs', 3);
      // `--whatif-per-ticket=0` leaves out the per-ticket read the blocks replaced (minutes at 1M).
      const perTicket = ctx.flag('whatif-per-ticket', 1) !== 0;
      const r = await benchWhatIf({ tickets, databaseUrl: ctx.databaseUrl, runs, perTicket });
      const iso = r.isolated;
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
      const loads = r.loadAverages.map((l) => l.toFixed(1)).join(', ');
      return {
        result: r,
        rows: [
          row(
            'whatif',
            `replay store → comparison, proposal, ${fmt(tickets)} tickets (s, median; load ${loads})`,
            med(r.proposalRunsSeconds).toFixed(2),
            '<= 10 at 1,000,000',
          ),
          row(
            'whatif',
            'same, today’s settings (s, median)',
            med(r.identityRunsSeconds).toFixed(2),
          ),
          row('whatif', 'columnar read alone (s, median)', med(r.readRunsSeconds).toFixed(2)),
          row('whatif', 'cold read: builds the replay blocks (s)', r.coldReadSeconds.toFixed(2)),
          row(
            'whatif',
            'before the blocks: per-ticket read alone / under the proposal (s, median)',
            `${med(r.perTicketReadRunsSeconds).toFixed(2)} / ${med(r.perTicketProposalRunsSeconds).toFixed(2)}`,
          ),
          ...(
            ['proposal', 'identity', 'read', 'cold', 'perTicketRead', 'perTicketProposal'] as const
          ).map((figure) =>
            row(
              'whatif',
              `CPU s, ${figure}: Node / PostgreSQL backends (median)`,
              `${med(r.cpu[figure].node).toFixed(2)} / ${med(r.cpu[figure].postgres).toFixed(2)}`,
            ),
          ),
          row('whatif', 'peak RSS of the bench process (MB)', r.peakRssMb.toFixed(0), '<= 512'),
          row(
            'whatif',
            'peak RSS after the load / after the first block-read runs (MB)',
            `${r.peakRssMbAfterLoad.toFixed(0)} / ${r.peakRssMbBlocksOnly.toFixed(0)}`,
            '<= 512',
          ),
          row(
            'whatif',
            'replay alone in its own process, warm: peak RSS (MB; baseline after opening the store)',
            `${iso.warm.peakRssMb.toFixed(0)} (${iso.warm.baselineRssMb.toFixed(0)})`,
            '<= 512',
          ),
          row(
            'whatif',
            'same, cold (builds every block) / after the background rebuild: peak RSS (MB)',
            `${iso.cold.peakRssMb.toFixed(0)} / ${iso.afterRebuild.peakRssMb.toFixed(0)}`,
            '<= 512',
          ),
          row(
            'whatif',
            'same, warm: largest V8 heap used / ArrayBuffers (MB, sampled every 50 ms)',
            `${iso.warm.maxHeapUsedMb.toFixed(0)} / ${iso.warm.maxArrayBuffersMb.toFixed(0)}`,
          ),
          row(
            'whatif',
            'first replay after all blocks dropped: cold / after the background rebuild / warm (s)',
            `${iso.cold.seconds.toFixed(2)} / ${iso.afterRebuild.seconds.toFixed(2)} / ${iso.warm.seconds.toFixed(2)}`,
          ),
          row(
            'whatif',
            'PostgreSQL CPU s of those replays: cold / after the rebuild / warm',
            `${iso.cold.postgres.toFixed(2)} / ${iso.afterRebuild.postgres.toFixed(2)} / ${iso.warm.postgres.toFixed(2)}`,
          ),
          row(
            'whatif',
            `background rebuild of every block: wall s, CPU s Node / PostgreSQL (${fmt(r.rebuild.blocks)} blocks, ${String(r.rebuild.jobs)} jobs)`,
            `${r.rebuild.seconds.toFixed(2)}, ${r.rebuild.node.toFixed(2)} / ${r.rebuild.postgres.toFixed(2)}`,
          ),
          row(
            'whatif',
            'isolated replays give the bench’s own report',
            String(r.isolatedSameReport),
            'true',
          ),
          row('whatif', 'tickets/s, proposal replay', fmt(tickets / med(r.proposalRunsSeconds))),
          row('whatif', 'identity changes nothing', String(r.identityUnchanged), 'true'),
          row('whatif', 'flipped ticket × metric outcomes', fmt(r.flips)),
          row(
            'whatif',
            `load, untimed: ${fmt(r.analysedTickets)} tickets synced + analysed, copied to ${fmt(tickets)} (s)`,
            r.loadSeconds.toFixed(0),
          ),
        ],
      };
    },
  },
  // --- agreement (issue 17) ---
  {
    name: 'agreement',
    async run(ctx) {
      // `--agreement-tickets=N`; the check is 20,000 (a few minutes here).
      const tickets = ctx.flag('agreement-tickets', ctx.quick ? 2_000 : 20_000);
      const r = await benchAgreement({
        databaseUrl: ctx.databaseUrl,
        redisUrl: ctx.redisUrl,
        tickets,
      });
      const share = r.unexplainedShare === null ? '-' : (r.unexplainedShare * 100).toFixed(3);
      const load = `load ${r.loadBefore[0]?.toFixed(1) ?? '?'} → ${r.loadAfter[0]?.toFixed(1) ?? '?'}`;
      return {
        result: r,
        rows: [
          row(
            'agreement',
            `unexplained % of ${fmt(r.comparisons)} comparisons (${fmt(r.compared)} of ${fmt(tickets)} tickets, faults on)`,
            share,
            '<= 1',
          ),
          row('agreement', "differences not given the truth's reason", fmt(r.notTheTruth), '0'),
          row('agreement', 'reasons seen', r.reasonsSeen.join(' ')),
          row(
            'agreement',
            `run / backfill wall s, this process's CPU s (${load})`,
            `${r.seconds.toFixed(0)} / ${r.backfillSeconds.toFixed(0)}, ${r.cpuSeconds.toFixed(0)}`,
          ),
        ],
      };
    },
  },
  // --- end agreement ---
  // --- rollup-span (a re-roll's memory at 1M tickets a year) ---
  {
    name: 'rollup-span',
    async run(ctx) {
      // `--rollup-span-baseline=<compiled rollup-span.js>` alternates another build's span with
      // this one's, on the same data, and checks both write the same rollups.
      const baseline = ctx.texts('rollup-span-baseline')[0];
      const r = await benchRollupSpan(ctx.databaseUrl, {
        analysedTickets: ctx.flag('rollup-span-analysed', ctx.quick ? 500 : 2_000),
        ticketsPerDay: ctx.flag('rollup-span-per-day', ctx.quick ? 300 : 2_740),
        spanDays: 62,
        runs: ctx.flag('rollup-span-runs', ctx.quick ? 1 : 3),
        baselineSpanModule: baseline,
      });
      const peaks = (runs: { peakRssMb: number; maxHeapUsedMb: number }[]) =>
        `${fmt(median(runs.map((x) => x.peakRssMb)))} (heap ${fmt(median(runs.map((x) => x.maxHeapUsedMb)))})`;
      const claim = `${String(r.claimDays)}-day claim, ${fmt(r.ticketsPerDay)} tickets a day`;
      const rows = [
        row(
          'rollup-span',
          `heap per stored ticket metrics document (bytes; JSON ${fmt(r.docCost.jsonBytesPerDoc)})`,
          fmt(r.docCost.heapBytesPerDoc),
        ),
        row('rollup-span', `peak RSS of a ${claim} re-roll, median (MB)`, peaks(r.runs), '<= 512'),
        row(
          'rollup-span',
          'heap a built span retains, after a full GC, median (MB)',
          fmt(median(r.runs.map((x) => x.spanHeldMb))),
        ),
        row(
          'rollup-span',
          're-roll seconds, median',
          median(r.runs.map((x) => x.seconds)).toFixed(1),
        ),
        row(
          'rollup-span',
          `load, untimed: ${fmt(r.analysedTickets)} tickets synced + analysed, copied to ${fmt(r.tickets)} (s)`,
          r.loadSeconds.toFixed(0),
        ),
      ];
      if (r.baselineRuns.length > 0) {
        rows.push(
          row('rollup-span', 'baseline build: peak RSS, median (MB)', peaks(r.baselineRuns)),
        );
        rows.push(
          row('rollup-span', 'both builds wrote the same rollups', String(r.sameRollups), 'true'),
        );
      }
      return { result: r, rows };
    },
  },
  // --- end rollup-span ---
];

function row(suite: string, measure: string, value: string, goal = ''): Row {
  return { suite, measure, value, goal };
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Each process's CPU ms per ticket, then PostgreSQL's, as `name ms · …` (`?` if unread). */
function splitText(byProcess: Record<string, number | null>, postgres: number): string {
  return [...Object.entries(byProcess), ['PostgreSQL', postgres] as const]
    .map(([name, ms]) => `${name} ${ms === null ? '?' : ms.toFixed(2)}`)
    .join(' · ');
}

/** A backfill's CPU per ticket split by process (each worker, this process, Redis…). */
function processRow(suite: string, r: PipelineBenchResult): Row {
  const who = r.workers === 0 ? 'in-process jobs' : `${String(r.workers)} worker(s)`;
  return row(
    suite,
    `CPU ms per ticket by process, ${who}`,
    splitText(r.cpuMsByProcess, r.cpuMsPerTicket.postgres),
  );
}

/** Where a backfill's CPU goes, per ticket: the job processes, PostgreSQL, the simulator. */
function cpuRow(suite: string, r: PipelineBenchResult): Row {
  const { jobs, postgres, simulator } = r.cpuMsPerTicket;
  const who = r.workers === 0 ? 'in-process jobs' : `${String(r.workers)} worker(s)`;
  return row(
    suite,
    `CPU ms per ticket, ${who} / PostgreSQL / simulator`,
    [jobs, postgres, simulator].map((ms) => ms.toFixed(2)).join(' / '),
  );
}

/** Issue 16's goals: the unsliced board p95 <= 150 ms, by group or agent <= 250 ms; trends none. */
function boardGoal(label: string): string {
  if (label.includes('unsliced')) return 'p95 <= 150';
  return label.includes(' by ') ? 'p95 <= 250' : '';
}
