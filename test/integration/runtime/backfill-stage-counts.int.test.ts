import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedJobs } from '../../../jobs/embedded.js';
import { startWorker } from '../../../jobs/worker.js';
import { main, type CliRuntime } from '../../../src/cli.js';
import { loadConfig } from '../../../src/config/env.js';
import { openRuntime } from '../../../src/runtime/open-runtime.js';
import { backfillProgress } from '../../../src/services/admin/backfill.js';
import { registerInstallation } from '../../../src/services/admin/register-installation.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { simulatorRegistration } from '../../../src/simulator/registration.js';

const RUNTIME: CliRuntime = { startWorker, startEmbeddedJobs };
const NOW = Date.parse('2024-04-01T00:00:00Z');
const SINCE = '2023-12-01';

async function cli(args: string[]) {
  let stderr = '';
  const io = {
    stdout: () => undefined,
    stderr: (t: string) => void (stderr += t),
    clock: () => NOW,
  };
  const code = await main(args, io, RUNTIME);
  return { code, stderr };
}

/**
 * The truth the events and ratings stages are checked against, from the simulator's own data:
 * every normalised event of every ticket (the events export serves them all, deleted tickets
 * included, from before SINCE on), and the ratings the satisfaction API serves (one per rated
 * ticket), counted by paging that API here.
 */
async function truth(sim: RunningSimulator) {
  let events = 0;
  for (let i = 0; i < sim.dataset.size; i += 1) events += sim.dataset.truth(i).events.length;
  let ratings = 0;
  const auth = `Basic ${Buffer.from(`${sim.credentials.email}/token:${sim.credentials.token}`).toString('base64')}`;
  let next: string | null = `${sim.url}/api/v2/satisfaction_ratings.json?start_time=0`;
  while (next !== null) {
    const page = (await (await fetch(next, { headers: { authorization: auth } })).json()) as {
      satisfaction_ratings: unknown[];
      links: { next: string | null };
    };
    ratings += page.satisfaction_ratings.length;
    next = page.links.next;
  }
  return { events, ratings };
}

describe('backfill stages: events and ratings have counts', () => {
  let dataDir: string;
  let sim: RunningSimulator;
  let installationId: string;
  const env = { ...process.env };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deskpulse-stages-'));
    process.env['DATA_DIR'] = dataDir;
    process.env['REPORTING_TIME_ZONE'] = 'UTC';
    delete process.env['DATABASE_URL'];
    delete process.env['REDIS_URL'];
    sim = await startSimulator({ tickets: 40, seed: 21, rateLimit: 'off' });
    const runtime = await openRuntime(loadConfig(process.env));
    try {
      const registered = await registerInstallation(
        runtime.store,
        runtime.encryptionKey,
        simulatorRegistration(sim, sim.url),
      );
      installationId = registered.installation.id;
    } finally {
      await runtime.store.close();
    }
  }, 300_000);

  afterAll(async () => {
    process.env = env;
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("counts the records each stream read, equal to the simulator's, in the API and the CLI", async () => {
    const run = await cli(['backfill', '--installation', installationId, '--since', SINCE]);
    expect(run.code).toBe(0);
    const expected = await truth(sim);
    expect(expected.events).toBeGreaterThan(0);
    expect(expected.ratings).toBeGreaterThan(0);
    const runtime = await openRuntime(loadConfig(process.env));
    try {
      const progress = await backfillProgress(
        { store: runtime.store, now: () => NOW },
        installationId,
      );
      const byStage = new Map(progress.stages.map((s) => [s.stage, s]));
      expect(byStage.get('events')).toEqual({
        stage: 'events',
        state: 'done',
        done: expected.events,
        total: expected.events,
        pending: null,
        etaSeconds: 0,
      });
      expect(byStage.get('ratings')).toEqual({
        stage: 'ratings',
        state: 'done',
        done: expected.ratings,
        total: expected.ratings,
        pending: null,
        etaSeconds: 0,
      });
    } finally {
      await runtime.store.close();
    }
    const n = (v: number) => v.toLocaleString('en');
    expect(run.stderr).toContain(
      `| events: ${n(expected.events)} done | ratings: ${n(expected.ratings)} done |`,
    );
  }, 900_000);
});
