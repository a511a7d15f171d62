import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedJobs } from '../../../jobs/embedded.js';
import { startWorker } from '../../../jobs/worker.js';
import { main, type CliRuntime } from '../../../src/cli.js';
import { loadConfig } from '../../../src/config/env.js';
import { startServer } from '../../../src/main.js';
import { openRuntime } from '../../../src/runtime/open-runtime.js';
import { registerInstallation } from '../../../src/services/admin/register-installation.js';
import { startSimulator } from '../../../src/simulator/index.js';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { simulatorRegistration } from '../../../src/simulator/registration.js';
import { liveTickets } from './support.js';

const RUNTIME: CliRuntime = { startWorker, startEmbeddedJobs };
const NOW = Date.parse('2024-04-01T00:00:00Z');

/** Runs the CLI in-process with the embedded job runtime and captured output. */
async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => void (stdout += t),
    stderr: (t: string) => void (stderr += t),
    clock: () => NOW,
  };
  const code = await main(args, io, RUNTIME);
  return { code, stdout, stderr };
}

describe('deskpulse backfill and report (embedded mode)', () => {
  let dataDir: string;
  let sim: RunningSimulator;
  let installationId: string;
  const env = { ...process.env };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deskpulse-cli-'));
    process.env['DATA_DIR'] = dataDir;
    process.env['REPORTING_TIME_ZONE'] = 'UTC';
    delete process.env['DATABASE_URL'];
    delete process.env['REDIS_URL'];
    sim = await startSimulator({ tickets: 150, seed: 9, rateLimit: 'off' });
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
  }, 60_000);

  afterAll(async () => {
    process.env = env;
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('backfills from a date with progress, analysing everything before it exits', async () => {
    const run = await cli(['backfill', '--installation', installationId, '--since', '2023-12-01']);
    expect(run.stderr).toContain('sync done');
    expect(run.code).toBe(0);
    const streams = JSON.parse(run.stdout) as { tickets: { items: number }; ticketsMarked: number };
    expect(streams.tickets.items).toBeGreaterThan(100);
    // The admin API's reading of this backfill, every stage finished, its tickets the truth's.
    const live = liveTickets(sim).length;
    // Events and ratings are counted as records read (Zendesk's incremental exports give no total).
    expect(run.stderr).toMatch(
      new RegExp(
        `backfill done: tickets: ${live.toLocaleString('en')} done \\| events: [\\d,]+ done \\| ` +
          'ratings: [\\d,]+ done \\| analysis: done \\| summaries: done \\| push-back: done\\n',
      ),
    );
    expect(streams.ticketsMarked).toBeGreaterThanOrEqual(streams.tickets.items);
    const runtime = await openRuntime(loadConfig(process.env));
    try {
      expect(await runtime.store.countPending(installationId)).toEqual({
        ticket: 0,
        requester: 0,
        day: 0,
        push: 0,
      });
    } finally {
      await runtime.store.close();
    }
  }, 120_000);

  it('answers GET …/admin/installations/:id/backfill with the stages the CLI drew', async () => {
    const server = await startServer(loadConfig({ ...process.env, ADMIN_TOKEN: 'a'.repeat(32) }), {
      startJobs: startEmbeddedJobs,
      port: 0,
      log: () => undefined,
    });
    try {
      const response = await fetch(
        `${server.url}/api/v1/admin/installations/${installationId}/backfill`,
        { headers: { authorization: `Bearer ${'a'.repeat(32)}` } },
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        state: string;
        since: string;
        stages: { stage: string; state: string; done: number | null; pending: number | null }[];
      };
      expect(body.state).toBe('done');
      expect(body.since).toBe('2023-12-01T00:00:00.000Z');
      expect(body.stages.map((s) => [s.stage, s.state])).toEqual(
        ['tickets', 'events', 'ratings', 'analysis', 'summaries', 'push-back'].map((stage) => [
          stage,
          'done',
        ]),
      );
      expect(body.stages[0]?.done).toBe(liveTickets(sim).length);
      expect(body.stages.slice(3).map((s) => s.pending)).toEqual([0, 0, 0]);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('prints the KPI board as JSON and the tickets as CSV', async () => {
    const range = ['--installation', installationId, '--from', '2024-01-01', '--to', '2024-03-31'];
    const board = await cli(['report', ...range]);
    expect(board.code).toBe(0);
    const parsed = JSON.parse(board.stdout) as {
      kpis: { kpi: string; slices: { n: number }[] }[];
    };
    const firstReply = parsed.kpis.find((k) => k.kpi === 'first_reply');
    expect(firstReply?.slices[0]?.n).toBeGreaterThan(0);
    const csv = await cli(['report', ...range, '--format', 'csv', '--business-hours']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toContain('ticket_id');
    expect(lines.length).toBeGreaterThan(10);
  }, 60_000);

  it('re-analyses every stored ticket with progress, and names an unknown installation', async () => {
    const run = await cli(['reanalyze', '--installation', installationId]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^reanalysis running: 0 of \d+ tickets$/m);
    const live = liveTickets(sim).length;
    expect(JSON.parse(run.stdout)).toMatchObject({ running: false, done: live, total: live });
    const unknown = await cli(['reanalyze', '--installation', 'nope']);
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      'deskpulse reanalyze: no installation nope\n',
    ]);
  }, 120_000);

  it('refuses bad options before opening the store, and names an unknown installation', async () => {
    const bad = await cli([
      'report',
      '--installation',
      installationId,
      '--from',
      '2024-03-31',
      '--to',
      '2024-01-01',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('from must not be after to');
    const unknown = await cli([
      'report',
      '--installation',
      'nope',
      '--from',
      '2024-01-01',
      '--to',
      '2024-01-31',
    ]);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'deskpulse report: no installation nope\n']);
    expect((await cli(['backfill', '--installation', 'x', '--since', 'last week'])).code).toBe(2);
  });
});
