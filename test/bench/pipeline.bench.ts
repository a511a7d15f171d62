import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { startEmbeddedJobs } from '../../jobs/embedded.js';
import { createBullmqProducer } from '../../src/queue/bullmq.js';
import type { FailedJob } from '../../src/queue/queue.js';
import { createConnectorFactory } from '../../src/runtime/connector-factory.js';
import { registerInstallation } from '../../src/services/admin/register-installation.js';
import { openStore, type TicketStore } from '../../src/store/index.js';
import { openBenchQueues, spawnWorkers, stopWorkers, workerLogs } from './bullmq-workers.js';
import { startSimulatorProcess } from './connector.bench.js';
import { cpuSecondsOf, processPeakRssMb, watchBackends, withApplicationName } from './cpu-split.js';
import { localRedisPid, watchProcesses } from './process-split.js';

export interface PipelineBenchResult {
  tickets: number;
  /** 0: the in-process queue inside this process; n ≥ 1: n `deskpulse worker` processes on BullMQ. */
  workers: number;
  seconds: number;
  /** Tickets through fetch → validate → store → analyse → summarise → push back, per second. */
  ticketsPerSecond: number;
  failedJobs: number;
  /** The distinct reasons of failed jobs (none expected). */
  failures: string[];
  /** Peak resident memory of this process (the worker itself only when workers = 0). */
  peakRssMb: number;
  /** The highest peak resident memory of a worker process (workers ≥ 1). */
  workerPeakRssMb: number | null;
  /** Each worker process's peak resident memory (MB), in spawn order; empty in-process. */
  workerPeaksRssMb: number[];
  /**
   * CPU milliseconds per ticket during the timed run: the jobs (this process with in-process
   * jobs, else the worker processes together), PostgreSQL (the backends of this bench's
   * connections) and the simulator standing in for Zendesk.
   */
  cpuMsPerTicket: { jobs: number; postgres: number; simulator: number };
  /**
   * CPU milliseconds per ticket of each process during the timed run, from /proc: `worker N`
   * (workers ≥ 1), `bench` (this process: the jobs themselves when in-process), `simulator` and
   * `redis` (the machine's server, which other sessions may use too; absent if not local). Null
   * when a process could not be read.
   */
  cpuMsByProcess: Record<string, number | null>;
  /**
   * Ticket analyses written per ticket (in-process jobs only, null with workers): how often the
   * backfill analysed each ticket, 1 being the least a ticket needs.
   */
  analysesPerTicket: number | null;
}

export interface PipelineBenchOptions {
  /** 0 (default): in-process jobs, as embedded mode runs them; n ≥ 1: n worker processes. */
  workers?: number;
  redisUrl?: string;
  /** Extra `node` arguments for each worker process, e.g. `--cpu-prof`. */
  workerNodeArgs?: string[];
}

/**
 * End-to-end backfill throughput: the simulator (own process, rate limits off) → Zendesk
 * connector → PostgreSQL (a fresh schema) → analysis, summaries, rollups and push-back, timed
 * from the sync job's enqueue until no job is left. With `workers` ≥ 1 the jobs run in that many
 * compiled `deskpulse worker` processes on BullMQ (the machine's Redis, a unique prefix), which
 * is how production scales out; each process runs WORKER_CONCURRENCY (4) jobs of a kind at once.
 */
export async function benchPipeline(
  tickets: number,
  databaseUrl: string,
  options: PipelineBenchOptions = {},
): Promise<PipelineBenchResult> {
  const workers = options.workers ?? 0;
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  let sim: Awaited<ReturnType<typeof startSimulatorProcess>> | undefined;
  let store: TicketStore | undefined;
  try {
    sim = await startSimulatorProcess(tickets);
    // Named connections, so the PostgreSQL CPU they cost can be told from other sessions'.
    const namedUrl = withApplicationName(databaseUrl, schema);
    store = await openStore({ databaseUrl: namedUrl, schema });
    const key = randomBytes(32);
    const { installation } = await registerInstallation(store, key, {
      helpdesk: 'zendesk',
      domain: 'bench',
      credentials: { kind: 'token', email: sim.email, token: sim.token },
      settings: { baseUrl: sim.url, timeFieldId: 360000001, cesFieldId: 360000002 },
    });
    const sync = {
      installationId: installation.id,
      mode: 'backfill' as const,
      since: Date.UTC(2023, 11, 1),
    };
    const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';
    // In-process jobs need no Redis: a server that is not there has no CPU to report.
    const redisPid = await localRedisPid(redisUrl).catch(() => null);
    const watch = watchProcesses({
      bench: process.pid,
      simulator: sim.child.pid ?? 0,
      ...(redisPid === null ? {} : { redis: redisPid }),
    });
    const backends = watchBackends(databaseUrl, schema);
    const run =
      workers === 0
        ? await runInProcess(store, key, sync, watch)
        : await runOnWorkers(workers, {
            databaseUrl: namedUrl,
            schema,
            key,
            sync,
            redisUrl,
            nodeArgs: options.workerNodeArgs ?? [],
            watch,
            // 30 minutes, or 20 ms a ticket: a million at this machine's ~200 a second is ~85.
            idleTimeoutMs: Math.max(30 * 60_000, tickets * 20),
          });
    const postgresSeconds = await backends.stop();
    const perTicket = (seconds: number) => (seconds * 1000) / tickets;
    const cpuMsByProcess = watch.msPerTicket(tickets);
    return {
      tickets,
      workers,
      seconds: run.seconds,
      ticketsPerSecond: tickets / run.seconds,
      failedJobs: run.failed.length,
      failures: [...new Set(run.failed.map((f) => `${f.name}: ${f.error}`))],
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      workerPeakRssMb: run.workerPeaksRssMb.length === 0 ? null : Math.max(...run.workerPeaksRssMb),
      workerPeaksRssMb: run.workerPeaksRssMb,
      cpuMsPerTicket: {
        jobs: perTicket(run.jobCpuSeconds),
        postgres: perTicket(postgresSeconds),
        simulator: cpuMsByProcess['simulator'] ?? NaN,
      },
      cpuMsByProcess,
      analysesPerTicket: run.analyses === null ? null : run.analyses / tickets,
    };
  } finally {
    await store?.close();
    if (sim !== undefined) {
      const exited = once(sim.child, 'exit');
      sim.child.kill('SIGTERM');
      await exited;
    }
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

/** What one timed run measured besides its figures from the queue. */
interface RunResult {
  seconds: number;
  failed: FailedJob[];
  /** CPU seconds of the processes that ran the jobs, during the run. */
  jobCpuSeconds: number;
  workerPeaksRssMb: number[];
  /** Ticket analyses written (counted in this process: null with worker processes). */
  analyses: number | null;
}

interface SyncJob {
  installationId: string;
  mode: 'backfill';
  since: number;
}

type ProcessWatch = ReturnType<typeof watchProcesses>;

async function runInProcess(
  openedStore: TicketStore,
  key: Buffer,
  sync: SyncJob,
  watch: ProcessWatch,
): Promise<RunResult> {
  const { store, analyses } = countingAnalyses(openedStore);
  const connectorFor = createConnectorFactory({ store, encryptionKey: key, now: () => Date.now() });
  const jobs = startEmbeddedJobs({
    store,
    connectorFor,
    now: () => Date.now(),
    reportingTimeZone: 'UTC',
  });
  try {
    await watch.start();
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    await jobs.producer.enqueue('tickets.sync', sync);
    await jobs.idle();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    await watch.stop();
    const jobCpuSeconds = (used.user + used.system) / 1e6;
    const failed = await jobs.failed();
    return { seconds, failed, jobCpuSeconds, workerPeaksRssMb: [], analyses: analyses() };
  } finally {
    await jobs.close();
  }
}

/**
 * The store with its two metric writes counted: the drain's batch save and the webhook path's
 * single save, i.e. every analysis the pipeline computed and offered to the store.
 */
function countingAnalyses(store: TicketStore): { store: TicketStore; analyses: () => number } {
  let analyses = 0;
  const counted: TicketStore = {
    ...store,
    saveClaimedTicketMetrics: (installationId, batch, claimed) => {
      analyses += batch.length;
      return store.saveClaimedTicketMetrics(installationId, batch, claimed);
    },
    saveTicketMetrics: (installationId, write) => {
      analyses += 1;
      return store.saveTicketMetrics(installationId, write);
    },
  };
  return { store: counted, analyses: () => analyses };
}

async function runOnWorkers(
  count: number,
  setup: {
    databaseUrl: string;
    schema: string;
    key: Buffer;
    sync: SyncJob;
    redisUrl: string;
    nodeArgs: string[];
    watch: ProcessWatch;
    idleTimeoutMs: number;
  },
): Promise<RunResult> {
  const { redisUrl, watch } = setup;
  const prefix = `bench-${randomUUID()}`;
  const queues = openBenchQueues(redisUrl, prefix);
  const producer = createBullmqProducer({ redisUrl, prefix });
  const workers = spawnWorkers(count, setup.nodeArgs, {
    DATABASE_URL: setup.databaseUrl,
    DATABASE_SCHEMA: setup.schema,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    ENCRYPTION_KEY: setup.key.toString('base64'),
    LOG_LEVEL: 'warn',
  });
  try {
    // Started and connected before the clock starts: process start-up is not throughput.
    await queues.waitForWorkers(count);
    const pids = workers.map((w) => w.pid ?? 0);
    await watch.start(Object.fromEntries(pids.map((pid, i) => [`worker ${String(i + 1)}`, pid])));
    const cpuBefore = await cpuSecondsOf(pids);
    const start = process.hrtime.bigint();
    await producer.enqueue('tickets.sync', setup.sync);
    await queues.idle(workers, setup.idleTimeoutMs);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const jobCpuSeconds = (await cpuSecondsOf(pids)) - cpuBefore;
    await watch.stop();
    const peaks = await Promise.all(pids.map(processPeakRssMb));
    const workerPeaksRssMb = peaks.map((p) => p ?? NaN);
    const failed = await queues.failed();
    return { seconds, failed, jobCpuSeconds, workerPeaksRssMb, analyses: null };
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${workerLogs(workers)}`,
    );
  } finally {
    await stopWorkers(workers);
    await producer.close();
    await queues.close();
  }
}
