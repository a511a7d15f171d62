import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Redis and PostgreSQL servers of a test's own, on spare ports, so a test can stop and restart
 * them without disturbing the machine's shared servers or other tests. Every server started here
 * is also killed when the test process exits, whatever the test did.
 */

const REDIS_SERVER = '/usr/bin/redis-server';
const PG_BIN = '/usr/local/bin';
const run = promisify(execFile);

/**
 * A watchdog process per test process, told over its stdin what to clean up: when this process
 * ends in any way (even SIGKILL, or a test runner that never emits 'exit'), the pipe closes and
 * the watchdog SIGKILLs the servers still registered and deletes their folders.
 */
const WATCHDOG = `
const { readFileSync, rmSync } = require('node:fs');
const entries = new Map();
let buffered = '';
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  let nl;
  while ((nl = buffered.indexOf('\\n')) >= 0) {
    const [op, key, kind, target] = JSON.parse(buffered.slice(0, nl));
    buffered = buffered.slice(nl + 1);
    if (op === 'add') entries.set(key, { kind, target });
    else entries.delete(key);
  }
});
process.stdin.on('end', () => {
  for (const { kind, target } of entries.values()) {
    try {
      if (kind === 'pid') process.kill(Number(target), 'SIGKILL');
      if (kind === 'pgdata') {
        process.kill(Number(readFileSync(target + '/data/postmaster.pid', 'utf8').split('\\n')[0]), 'SIGQUIT');
      }
    } catch {}
    if (kind !== 'pid') setTimeout(() => rmSync(target, { recursive: true, force: true }), 2000);
  }
});
`;
let watchdog: ChildProcess | null = null;

function watch(op: 'add' | 'remove', key: string, kind = '', target = ''): void {
  if (watchdog === null) {
    watchdog = spawn(process.execPath, ['-e', WATCHDOG], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    watchdog.unref();
    (watchdog.stdin as Socket | null)?.unref();
  }
  watchdog.stdin?.write(`${JSON.stringify([op, key, kind, target])}\n`);
}

/** A port nothing listens on right now (the OS picks it; we release it at once). */
export async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no spare port');
  return address.port;
}

async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A redis-server without persistence: a restart comes back empty, as a crashed one would, unless
 * asked to keep the data (then it SAVEs a snapshot first and loads it on start, as a Redis with
 * persistence does after a restart).
 */
export interface ThrowawayRedis {
  url: string;
  port: number;
  /** SIGKILLs the server (in-flight commands fail, connections drop). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops, waits `downMs`, starts again on the same port. */
  restart(downMs?: number, options?: { keepData?: boolean }): Promise<void>;
  /** Stops for good; idempotent. */
  dispose(): Promise<void>;
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await sparePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const key = `redis-${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'deskpulse-redis-'));
  watch('add', `${key}-dir`, 'dir', dir);
  const start = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
    args.push('--appendonly');
    const started = spawn(REDIS_SERVER, [...args, 'no', '--daemonize', 'no'], { stdio: 'ignore' });
    child = started;
    watch('add', key, 'pid', String(started.pid));
    await waitUntil(`redis-server on ${port}`, async () => {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return true;
      } finally {
        probe.disconnect();
      }
    });
  };
  const stop = async (): Promise<void> => {
    const current = child;
    child = null;
    if (current === null || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url,
    port,
    stop,
    start,
    async restart(downMs = 1_000, restartOptions = {}) {
      if (restartOptions.keepData === true) {
        const client = new Redis(url, { maxRetriesPerRequest: 0 });
        try {
          await client.save();
        } finally {
          client.disconnect();
        }
      } else {
        rmSync(join(dir, 'dump.rdb'), { force: true });
      }
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    async dispose() {
      await stop();
      watch('remove', key);
      watch('remove', `${key}-dir`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL cluster in a temporary folder, trust auth, user `postgres`. */
export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  port: number;
  /** `pg_ctl stop -m immediate`: no checkpoint, connections cut, crash recovery on start. */
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(downMs?: number): Promise<void>;
  /** Stops for good and deletes the folder; idempotent. */
  dispose(): Promise<void>;
}

/**
 * initdb and postgres refuse to run as root (CI runs as root), so there every PostgreSQL binary
 * runs as the `postgres` OS user through runuser, on a folder it owns.
 */
function asPgUser(binary: string, args: readonly string[]): [string, string[]] {
  const path = join(PG_BIN, binary);
  if (process.getuid?.() !== 0) return [path, [...args]];
  return ['/usr/sbin/runuser', ['-u', 'postgres', '--', path, ...args]];
}

function pgUserIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined)
    throw new Error('running as root without a postgres user');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const port = await sparePort();
  const dir = mkdtempSync(join(tmpdir(), 'deskpulse-pg-'));
  const data = join(dir, 'data');
  const ids = pgUserIds();
  if (ids !== null) chownSync(dir, ids.uid, ids.gid);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pgCtl = (...args: string[]) => run(...asPgUser('pg_ctl', ['-D', data, ...args]));
  // SIGQUIT is the postmaster's immediate shutdown: it takes its backends down with it.
  watch('add', dir, 'pgdata', dir);
  await run(...asPgUser('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']));
  // fsync off only skips the disk flush: an immediate stop still keeps every commit (the OS has it).
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  let running = false;
  const start = async (): Promise<void> => {
    await pgCtl('-o', options, '-l', join(dir, 'log'), '-w', 'start');
    running = true;
    await waitUntil(`postgres on ${port}`, async () => {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    });
  };
  const stop = async (): Promise<void> => {
    if (!running) return;
    running = false;
    await pgCtl('-m', 'immediate', '-w', 'stop');
  };
  await start();
  return {
    url,
    port,
    stop,
    start,
    async restart(downMs = 1_000) {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    async dispose() {
      await stop();
      watch('remove', dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
