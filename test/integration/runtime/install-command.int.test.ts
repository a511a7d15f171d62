import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { loadConfig } from '../../../src/config/env.js';
import { openRuntime } from '../../../src/runtime/open-runtime.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';

/** Runs the CLI in-process with captured output. */
async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => void (stdout += t),
    stderr: (t: string) => void (stderr += t),
    clock: () => Date.now(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('deskpulse install checks the credentials with the helpdesk first', () => {
  let dataDir: string;
  let sim: RunningSimulator;
  const env = { ...process.env };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deskpulse-install-'));
    process.env['DATA_DIR'] = dataDir;
    delete process.env['DATABASE_URL'];
    delete process.env['REDIS_URL'];
    sim = await startSimulator({ tickets: 10, rateLimit: 'off' });
  });

  afterAll(async () => {
    process.env = env;
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const args = (token: string, baseUrl = sim.url) => [
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
    baseUrl,
  ];

  async function storedCount(): Promise<number> {
    const runtime = await openRuntime(loadConfig(process.env));
    try {
      return (await runtime.store.listInstallations()).length;
    } finally {
      await runtime.store.close();
    }
  }

  it('exits 1 with a clear message and stores nothing when the token is wrong', async () => {
    const run = await cli(args('wrong-token'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/refused the credentials/);
    expect(run.stderr).not.toContain('wrong-token');
    expect(await storedCount()).toBe(0);
  });

  it('exits 1 and stores nothing when the host cannot be reached', async () => {
    const run = await cli(args(sim.credentials.token, 'http://127.0.0.1:9'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/cannot reach the helpdesk/);
    expect(await storedCount()).toBe(0);
  });

  it('prints the secrets once and the next steps when the helpdesk accepts them', async () => {
    const run = await cli(args(sim.credentials.token));
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { installationId: string; appSecret: string };
    expect(printed.appSecret).toMatch(/^[\w-]{43}$/);
    expect(run.stderr).toContain('accepted the credentials as Agent 1');
    expect(run.stderr).toContain('app_secret');
    expect(run.stderr).toContain(`/api/v1/admin/installations/${printed.installationId}/webhook`);
    expect(run.stderr).toContain(`deskpulse backfill --installation ${printed.installationId}`);
    expect(await storedCount()).toBe(1);
  });
});
