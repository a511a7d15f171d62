import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedJobs } from '../../../jobs/embedded.js';
import { startWorker } from '../../../jobs/worker.js';
import { main, type CliRuntime } from '../../../src/cli.js';
import { loadConfig } from '../../../src/config/env.js';
import { startServer } from '../../../src/main.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { createPgliteClient } from '../../../src/store/sql-client.js';
import { freshClaim } from '../../support/role-claims.js';
import { liveTickets } from './support.js';

const RUNTIME: CliRuntime = { startWorker, startEmbeddedJobs };
const DAY = 86_400_000;

/** Runs the real CLI in-process (the same `main` bin/deskpulse.js calls), output captured. */
async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => void (stdout += t),
    stderr: (t: string) => void (stderr += t),
    clock: () => Date.now(),
  };
  const code = await main(args, io, RUNTIME);
  return { code, stdout, stderr };
}

/**
 * The admin journey of issue 15, in embedded mode against the simulator: a wrong token stores
 * nothing, the right one installs, a two-year backfill stores exactly the simulator's tickets, a
 * rotated secret locks the old one out (by the CLI, then from the in-app Admin view), and a
 * delete leaves no row of the installation anywhere.
 */
describe('admin journey: install, backfill two years, rotate, delete', () => {
  let dataDir: string;
  let sim: RunningSimulator;
  const env = { ...process.env };
  const now = Date.now();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deskpulse-journey-'));
    process.env['DATA_DIR'] = dataDir;
    process.env['REPORTING_TIME_ZONE'] = 'UTC';
    delete process.env['DATABASE_URL'];
    delete process.env['REDIS_URL'];
    // Tickets from almost two years ago until some weeks ago (lifetimes are at most 30 days).
    sim = await startSimulator({
      tickets: 160,
      seed: 15,
      rateLimit: 'off',
      start: now - 720 * DAY,
      end: now - 40 * DAY,
    });
  });

  afterAll(async () => {
    process.env = env;
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const install = (token: string) =>
    cli([
      'install',
      '--helpdesk',
      'zendesk',
      '--domain',
      'simulator',
      '--email',
      sim.credentials.email,
      '--token',
      token,
      '--base-url',
      sim.url,
    ]);

  it('walks the journey', async () => {
    const wrong = await install('not-the-token');
    expect([wrong.code, wrong.stdout]).toEqual([1, '']);
    expect(JSON.parse((await cli(['installations', 'list'])).stdout)).toEqual({
      installations: [],
    });

    const right = await install(sim.credentials.token);
    expect(right.code).toBe(0);
    const { installationId: id, appSecret } = JSON.parse(right.stdout) as {
      installationId: string;
      appSecret: string;
    };

    const since = new Date(now - 730 * DAY).toISOString().slice(0, 10);
    const backfill = await cli(['backfill', '--installation', id, '--since', since]);
    expect(backfill.code).toBe(0);
    // Not a terminal: plain progress lines, no carriage returns.
    expect(backfill.stderr).not.toContain('\r');
    expect(backfill.stderr).toMatch(/tickets: [\d,]+ done/);
    const truth = liveTickets(sim);
    const shown = JSON.parse((await cli(['installations', 'show', id])).stdout) as {
      counts: { tickets: number; ticketMetrics: number };
      lastSyncAt: string | null;
    };
    expect(shown.counts.tickets).toBe(truth.length);
    expect(shown.counts.ticketMetrics).toBe(truth.length);
    expect(shown.lastSyncAt).not.toBeNull();

    const rotated = await cli(['installations', 'rotate-secret', id]);
    expect(rotated.code).toBe(0);
    const { appSecret: fresh, roleClaimKey } = JSON.parse(rotated.stdout) as {
      appSecret: string;
      roleClaimKey: string;
    };
    const server = await startServer(loadConfig(process.env), {
      startJobs: startEmbeddedJobs,
      port: 0,
      log: () => undefined,
    });
    try {
      const requester = truth[0]?.requesterId ?? '';
      const context = (secret: string) =>
        fetch(`${server.url}/api/v1/requesters/${requester}/context`, {
          headers: { authorization: `Bearer ${secret}` },
        });
      expect((await context(appSecret)).status).toBe(401);
      expect((await context(fresh)).status).toBe(200);

      // Then again from the in-app Admin view: the CLI's secret and key as the app now holds
      // them, a Zendesk admin's claim; the CLI's secret is refused right after.
      const inApp = await fetch(`${server.url}/api/v1/app/admin/rotate-secret`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${fresh}`,
          'x-deskpulse-role-claim': freshClaim(roleClaimKey, 'admin', Date.now()),
        },
      });
      expect(inApp.status).toBe(200);
      const again = (await inApp.json()) as { appSecret: string; roleClaimKey: string };
      expect((await context(fresh)).status).toBe(401);
      expect((await context(again.appSecret)).status).toBe(200);
      const settings = await fetch(`${server.url}/api/v1/app/admin/settings`, {
        headers: {
          authorization: `Bearer ${again.appSecret}`,
          'x-deskpulse-role-claim': freshClaim(again.roleClaimKey, 'admin', Date.now()),
        },
      });
      expect(settings.status).toBe(200);
    } finally {
      await server.close();
    }

    const deleted = await cli(['installations', 'delete', id, '--yes']);
    expect(deleted.code).toBe(0);
    expect((await cli(['installations', 'show', id])).code).toBe(1);
    const client = await createPgliteClient({ dataDir: join(dataDir, 'pglite') });
    try {
      const { rows: tables } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_name = 'installation_id'`,
      );
      expect(tables.length).toBeGreaterThan(15);
      for (const { table_name: table } of tables) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${table}" WHERE installation_id = $1`,
          [id],
        );
        expect(rows[0]?.n, table).toBe(0);
      }
    } finally {
      await client.close();
    }
  }, 300_000);
});
