import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { startEmbeddedJobs, type EmbeddedJobs } from '../../jobs/embedded.js';
import { createConnectorFactory } from '../../src/runtime/connector-factory.js';
import { registerInstallation } from '../../src/services/admin/register-installation.js';
import { requestDrain } from '../../src/services/pipeline/drains.js';
import {
  reanalysisProgress,
  reconcileAnalysisSettings,
} from '../../src/services/pipeline/reanalysis.js';
import { openStore, type TicketStore } from '../../src/store/index.js';
import { startSimulatorProcess } from './connector.bench.js';
import { processPeakRssMb, watchBackends, withApplicationName } from './cpu-split.js';
import { localRedisPid, resetPeakRss, watchProcesses } from './process-split.js';
import { profileSection } from './profile-section.js';
import { benchSchedule, createRandom, syntheticTimeline } from './synthetic-timelines.js';

export interface ReanalysisBenchResult {
  tickets: number;
  /** Events stored per ticket (the simulator's backfill averages about 16). */
  eventsPerTicket: number;
  /** Untimed set-up: the sync pages written, then the first analysis of every ticket. */
  loadSeconds: number;
  firstAnalysisSeconds: number;
  /** From the settings change until re-analysis reports done (tickets and re-rolled days). */
  seconds: number;
  /** When the last ticket was re-analysed (the rest of `seconds` re-rolls days). */
  ticketsDoneSeconds: number;
  ticketsPerSecond: number;
  /** CPU ms per ticket during the timed re-analysis: this process's jobs, and PostgreSQL. */
  cpuMsPerTicket: { jobs: number; postgres: number };
  /**
   * CPU ms per ticket of each process during the timed re-analysis, from /proc: `bench` (this
   * process, which runs the jobs), `simulator` and `redis` (the machine's, shared with other
   * sessions; absent if not local). Null when a process could not be read.
   */
  cpuMsByProcess: Record<string, number | null>;
  /** The CPU profile of the timed re-analysis, when one was asked for. */
  profileFile: string | null;
  failedJobs: number;
  peakRssMb: number;
  /**
   * The peak resident memory of this process (which runs the jobs, as a worker would) during the
   * timed re-analysis alone: the high-water mark is reset when it starts (/proc clear_refs), so
   * the set-up's own peak is left out; it still counts what the set-up left resident (MB).
   */
  reanalysisPeakRssMb: number | null;
  /** Resident memory when that reset was made (MB). */
  reanalysisStartRssMb: number;
}

const PAGE = 1_000;
const EVENTS_PER_TICKET = 16;

/**
 * Re-analysis of `tickets` stored tickets after a settings change: a business-hours schedule is
 * added, which changes every business-time metric, so every analysed ticket is marked again and
 * re-analysed, and every day it touches re-rolled, by the same in-process drains embedded mode
 * runs. Set-up (untimed): synthetic timelines (the engine bench's generator, seeded) written
 * through the store's sync-page path, then analysed once. Timed: from the change until
 * `reanalysisProgress` reports it finished, which is what the admin's progress bar shows.
 * A one-ticket simulator stands in for the helpdesk that push-back writes to.
 */
export async function benchReanalysis(
  tickets: number,
  databaseUrl: string,
  options: { redisUrl?: string; profileDir?: string | undefined } = {},
): Promise<ReanalysisBenchResult> {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  let sim: Awaited<ReturnType<typeof startSimulatorProcess>> | undefined;
  let store: TicketStore | undefined;
  let jobs: EmbeddedJobs | undefined;
  try {
    sim = await startSimulatorProcess(1);
    store = await openStore({ databaseUrl: withApplicationName(databaseUrl, schema), schema });
    const key = randomBytes(32);
    const { installation } = await registerInstallation(store, key, {
      helpdesk: 'zendesk',
      domain: 'bench',
      credentials: { kind: 'token', email: sim.email, token: sim.token },
      settings: { baseUrl: sim.url, timeFieldId: 360000001, cesFieldId: 360000002 },
    });
    const id = installation.id;
    const loadStart = Date.now();
    await loadTimelines(store, id, tickets);
    const loadSeconds = (Date.now() - loadStart) / 1000;

    const connectorFor = createConnectorFactory({ store, encryptionKey: key, now: Date.now });
    jobs = startEmbeddedJobs({ store, connectorFor, now: Date.now, reportingTimeZone: 'UTC' });
    const firstStart = Date.now();
    await requestDrain(jobs.producer, 'analysis.drain', id, Date.now());
    await untilNothingPending(store, id);
    const firstAnalysisSeconds = (Date.now() - firstStart) / 1000;

    const redisPid = await localRedisPid(options.redisUrl ?? 'redis://127.0.0.1:6379').catch(
      () => null,
    );
    const watch = watchProcesses({
      bench: process.pid,
      simulator: sim.child.pid ?? 0,
      ...(redisPid === null ? {} : { redis: redisPid }),
    });
    const profile =
      options.profileDir === undefined
        ? undefined
        : await profileSection(options.profileDir, 'reanalysis');
    // The pool's connections already ran the load and the first analysis: counted from this
    // first poll, not from their start (which added that set-up to the re-analysis' figure).
    const backends = watchBackends(databaseUrl, schema, 1_000, 'first-poll');
    await backends.ready;
    const reanalysisStartRssMb = await resetPeakRss();
    await watch.start();
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    await store.saveSchedules(id, [benchSchedule]);
    const deps = { store, producer: jobs.producer, now: Date.now, reportingTimeZone: 'UTC' };
    let progress = await reconcileAnalysisSettings(deps, id);
    if (progress.total !== tickets) {
      throw new Error(`re-analysis marked ${String(progress.total)} of ${String(tickets)} tickets`);
    }
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
    let ticketsDoneSeconds = NaN;
    while (progress.running) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      progress = await reanalysisProgress(store, id);
      if (Number.isNaN(ticketsDoneSeconds) && progress.done === progress.total) {
        ticketsDoneSeconds = elapsed();
      }
    }
    const seconds = elapsed();
    const reanalysisPeakRssMb = await processPeakRssMb(process.pid);
    const used = process.cpuUsage(cpu);
    await watch.stop();
    const profileFile = (await profile?.stop()) ?? null;
    const postgres = await backends.stop();
    const perTicket = (s: number) => (s * 1000) / tickets;
    return {
      tickets,
      eventsPerTicket: EVENTS_PER_TICKET,
      loadSeconds,
      firstAnalysisSeconds,
      seconds,
      ticketsDoneSeconds,
      ticketsPerSecond: tickets / seconds,
      cpuMsPerTicket: {
        jobs: perTicket((used.user + used.system) / 1e6),
        postgres: perTicket(postgres),
      },
      cpuMsByProcess: watch.msPerTicket(tickets),
      profileFile,
      failedJobs: (await jobs.failed()).length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      reanalysisPeakRssMb,
      reanalysisStartRssMb,
    };
  } finally {
    await jobs?.close();
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

/** Writes the synthetic tickets and their events a page at a time, as a sync does. */
async function loadTimelines(store: TicketStore, id: string, tickets: number): Promise<void> {
  const random = createRandom(16);
  for (let offset = 0; offset < tickets; offset += PAGE) {
    const timelines = Array.from({ length: Math.min(PAGE, tickets - offset) }, (_, i) =>
      syntheticTimeline(offset + i, random, EVENTS_PER_TICKET),
    );
    await store.writeSyncPage({
      installationId: id,
      stream: 'tickets',
      checkpoint: String(offset),
      tickets: timelines.map((t) => t.ticket),
      events: timelines.flatMap((t) => t.events),
    });
  }
}

/** Waits until no ticket and no day is pending any more (the first analysis and its rollups). */
async function untilNothingPending(store: TicketStore, id: string): Promise<void> {
  for (;;) {
    const pending = await store.countPending(id);
    if (pending.ticket === 0 && pending.day === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
