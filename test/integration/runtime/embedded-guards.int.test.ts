import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedJobs } from '../../../jobs/embedded.js';
import { startWorker } from '../../../jobs/worker.js';
import { main } from '../../../src/cli.js';
import { LOCK_FILE } from '../../../src/runtime/data-dir-lock.js';
import { buildCli } from '../../support/worker-process.js';

const ROOT = new URL('../../../', import.meta.url);

/** Runs the CLI in-process with the job runtime and `env` as its environment. */
async function cli(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  try {
    const code = await main(
      args,
      {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        clock: Date.now,
      },
      { startEmbeddedJobs, startWorker },
    );
    return { code, stdout, stderr };
  } finally {
    vi.unstubAllEnvs();
  }
}

/** One friendly line on stderr: no Node stack frames. */
function expectOneLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

const EMBEDDED = { DATABASE_URL: '', REDIS_URL: '', ENCRYPTION_KEY: '' };
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'deskpulse-guards-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('deskpulse serve on a port in use', () => {
  let busy: Server;
  beforeAll(async () => {
    busy = createServer();
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        busy.close(() => {
          resolve();
        });
      }),
  );

  it('prints one line naming the port and exits 1, releasing DATA_DIR', async () => {
    const port = (busy.address() as AddressInfo).port;
    const dataDir = join(work, 'serve');
    const r = await cli(['serve', '--port', String(port)], { ...EMBEDDED, DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(`--port ${port}: already in use on 127.0.0.1`);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });
});

describe('a DATA_DIR with no database', () => {
  it.each([
    [['report', '--installation', 'x', '--from', '2024-01-01', '--to', '2024-01-31']],
    [['sync', '--installation', 'x']],
    [['backfill', '--installation', 'x', '--since', '2024-01-01']],
    [['status', '--installation', 'x']],
    [['installations', 'list']],
  ])('%j is refused and creates nothing', async (args) => {
    const typo = join(work, 'mistyped-data-dir');
    const r = await cli(args, { ...EMBEDDED, DATA_DIR: typo });
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(`DATA_DIR ${typo}: no Deskpulse database there`);
    expect(existsSync(typo)).toBe(false);
  });
});

describe('the embedded lock', () => {
  const dataDir = () => join(work, 'locked');
  let serve: ChildProcess;

  beforeAll(async () => {
    await buildCli();
    serve = spawn(process.execPath, ['bin/deskpulse.js', 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir(), SYNC_CRON: '0 0 1 1 *' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    serve.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    await vi.waitFor(
      () => {
        expect(serve.exitCode, stderr).toBeNull();
        expect(stderr).toContain('listening on');
      },
      { timeout: 60_000, interval: 200 },
    );
  }, 120_000);

  afterAll(async () => {
    if (serve.exitCode === null && serve.signalCode === null) {
      const exited = once(serve, 'exit');
      serve.kill('SIGKILL');
      await exited;
    }
  });

  it.each([
    [['report', '--installation', 'x', '--from', '2024-01-01', '--to', '2024-01-31']],
    [['sync', '--installation', 'x']],
    [['installations', 'list']],
  ])('refuses %j beside a running serve, naming its pid', async (args) => {
    const r = await cli(args, { ...EMBEDDED, DATA_DIR: dataDir() });
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(`is in use by "deskpulse serve" (pid ${serve.pid ?? -1}`);
  });

  it('is released when serve stops, and a stale lock of a dead process is taken over', async () => {
    const exited = once(serve, 'exit');
    serve.kill('SIGTERM');
    await exited;
    expect(existsSync(join(dataDir(), LOCK_FILE))).toBe(false);
    const listed = await cli(['installations', 'list'], { ...EMBEDDED, DATA_DIR: dataDir() });
    expect([listed.code, JSON.parse(listed.stdout)]).toEqual([0, { installations: [] }]);

    // A lock left behind by a process killed with SIGKILL: its pid no longer runs.
    const dead = spawn(process.execPath, ['-e', '0']);
    await once(dead, 'exit');
    const stale = { pid: dead.pid, command: 'deskpulse serve', since: new Date().toISOString() };
    await writeFile(join(dataDir(), LOCK_FILE), JSON.stringify(stale));
    const again = await cli(['installations', 'list'], { ...EMBEDDED, DATA_DIR: dataDir() });
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(dataDir(), LOCK_FILE))).toBe(false);
  });
});
