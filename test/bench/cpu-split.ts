import { readFile } from 'node:fs/promises';
import pg from 'pg';

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every common kernel). */
const CLOCK_TICKS = 100;

/**
 * CPU seconds (user + system) in the text of a /proc/<pid>/stat. Fields 14 and 15 come after the
 * command name, which may hold spaces and parentheses, so they are counted from its last `)`.
 */
export function parseStatCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error('not a /proc/<pid>/stat line');
  return ticks / CLOCK_TICKS;
}

/** CPU seconds a process has used so far, from /proc/<pid>/stat; null when it is gone. */
export async function processCpuSeconds(pid: number): Promise<number | null> {
  try {
    return parseStatCpuSeconds(await readFile(`/proc/${String(pid)}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** The CPU seconds a set of processes used between two readings. */
export async function cpuSecondsOf(pids: readonly number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) total += (await processCpuSeconds(pid)) ?? 0;
  return total;
}

/**
 * Follows the PostgreSQL backends serving connections named `applicationName` (the bench's own,
 * on a machine other people's sessions share) and adds up the CPU they use while it runs. Pool
 * connections come and go, so it polls: a backend's last reading is kept after it exits, which
 * loses at most one poll interval of a backend that closed mid-run.
 */
export function watchBackends(
  databaseUrl: string,
  applicationName: string,
  intervalMs = 1_000,
  /**
   * Whether a backend already running at the first poll counts from its start (the default, for
   * benches whose backends are forked during the run) or from that poll (a pool reused across
   * timed runs, whose backends carry the earlier runs' CPU).
   */
  existingFrom: 'start' | 'first-poll' = 'start',
): { ready: Promise<void>; stop(): Promise<number> } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const client = new pg.Client({ connectionString: databaseUrl });
  const state = { stopped: false, polls: 0 };
  const poll = async () => {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    for (const { pid } of rows) {
      const seconds = await processCpuSeconds(pid);
      if (seconds === null) continue;
      // A backend first seen mid-run counts from its start: it was forked for this bench.
      if (!first.has(pid))
        first.set(pid, existingFrom === 'first-poll' && state.polls === 0 ? seconds : 0);
      last.set(pid, seconds);
    }
    state.polls += 1;
    markReady();
  };
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const loop = (async () => {
    await client.connect();
    while (!state.stopped) {
      await poll();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    await poll();
    await client.end();
  })();
  // A failed poll rejects `stop()`; whoever waits for the first one must not wait forever.
  loop.catch(() => {
    markReady();
  });
  return {
    /** Resolves once the first poll has read the backends already running. */
    ready,
    async stop() {
      state.stopped = true;
      await loop;
      let total = 0;
      for (const [pid, seconds] of last) total += seconds - (first.get(pid) ?? 0);
      return total;
    },
  };
}

/** The peak resident memory (VmHWM) in MB in the text of a /proc/<pid>/status; null if absent. */
export function parsePeakRssMb(status: string): number | null {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return kb === undefined ? null : Number(kb) / 1024;
}

/** A process's peak resident memory (VmHWM) in MB, from /proc/<pid>/status; null when gone. */
export async function processPeakRssMb(pid: number): Promise<number | null> {
  try {
    return parsePeakRssMb(await readFile(`/proc/${String(pid)}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/** `databaseUrl` with `application_name` set, so its backends can be told apart. */
export function withApplicationName(databaseUrl: string, applicationName: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', applicationName);
  return url.toString();
}
