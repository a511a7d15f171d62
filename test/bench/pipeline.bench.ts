import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { startEmbeddedJobs } from '../../jobs/embedded.js';
import { createConnectorFactory } from '../../src/runtime/connector-factory.js';
import { registerInstallation } from '../../src/services/register-installation.js';
import { openStore } from '../../src/store/index.js';
import { startSimulatorProcess } from './connector.bench.js';

export interface PipelineBenchResult {
  tickets: number;
  seconds: number;
  /** Tickets through fetch → validate → store → analyse → summarise → push back, per second. */
  ticketsPerSecond: number;
  failedJobs: number;
  /** The distinct reasons of failed jobs (none expected). */
  failures: string[];
  /** Peak resident memory of this process: the one worker (PostgreSQL runs as its own server). */
  peakRssMb: number;
}

/**
 * End-to-end backfill throughput with one worker: the simulator (own process, rate limits off)
 * → Zendesk connector → PostgreSQL (a fresh schema) → analysis, summaries, rollups and push-back
 * on the in-process queue, timed from the sync job's enqueue until every follow-up job is done.
 */
export async function benchPipeline(
  tickets: number,
  databaseUrl: string,
): Promise<PipelineBenchResult> {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const sim = await startSimulatorProcess(tickets);
  const store = await openStore({ databaseUrl, schema });
  try {
    const key = randomBytes(32);
    const { installation } = await registerInstallation(store, key, {
      helpdesk: 'zendesk',
      domain: 'bench',
      credentials: { kind: 'token', email: sim.email, token: sim.token },
      settings: { baseUrl: sim.url, timeFieldId: 360000001, cesFieldId: 360000002 },
    });
    const connectorFor = createConnectorFactory({
      store,
      encryptionKey: key,
      now: () => Date.now(),
    });
    const jobs = startEmbeddedJobs({
      store,
      connectorFor,
      now: () => Date.now(),
      reportingTimeZone: 'UTC',
    });
    const start = process.hrtime.bigint();
    await jobs.producer.enqueue('tickets.sync', {
      installationId: installation.id,
      mode: 'backfill',
      since: Date.UTC(2023, 11, 1),
    });
    await jobs.idle();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const failed = await jobs.failed();
    await jobs.close();
    return {
      tickets,
      seconds,
      ticketsPerSecond: tickets / seconds,
      failedJobs: failed.length,
      failures: [...new Set(failed.map((f) => `${f.name}: ${f.error}`))],
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await store.close();
    sim.child.kill('SIGTERM');
    await once(sim.child, 'exit');
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}
