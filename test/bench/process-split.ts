import { readFile, writeFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { processCpuSeconds } from './cpu-split.js';

/** CPU seconds of named processes at one moment; null for one that is gone or unreadable. */
export type CpuReading = Readonly<Record<string, number | null>>;

/**
 * CPU milliseconds per ticket of each named process between two readings. A process unreadable
 * at either reading is null: unknown, which a sum must not take for zero.
 */
export function cpuMsPerTicketBetween(
  before: CpuReading,
  after: CpuReading,
  tickets: number,
): Record<string, number | null> {
  const split: Record<string, number | null> = {};
  for (const [name, start] of Object.entries(before)) {
    const end = after[name];
    split[name] =
      start === null || end === null || end === undefined ? null : ((end - start) * 1000) / tickets;
  }
  return split;
}

/** Reads the CPU seconds of every named process (in parallel: one moment, not a sequence). */
export async function readCpu(pids: Readonly<Record<string, number>>): Promise<CpuReading> {
  const entries = await Promise.all(
    Object.entries(pids).map(async ([name, pid]) => [name, await processCpuSeconds(pid)] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * Named processes' CPU between `start` and `stop`, per ticket. The timed section's own processes
 * (worker processes) are added at `start`, as they exist only once it is set up.
 */
export function watchProcesses(always: Readonly<Record<string, number>>): {
  start(more?: Readonly<Record<string, number>>): Promise<void>;
  stop(): Promise<void>;
  msPerTicket(tickets: number): Record<string, number | null>;
} {
  let pids: Record<string, number> = { ...always };
  let before: CpuReading = {};
  let after: CpuReading = {};
  return {
    async start(more = {}) {
      pids = { ...more, ...always };
      before = await readCpu(pids);
    },
    async stop() {
      after = await readCpu(pids);
    },
    msPerTicket: (tickets) => cpuMsPerTicketBetween(before, after, tickets),
  };
}

/** The server's pid in the text of Redis's `INFO server`; null when it is not there. */
export function parseRedisPid(info: string): number | null {
  const pid = /^process_id:(\d+)\r?$/m.exec(info)?.[1];
  return pid === undefined ? null : Number(pid);
}

/**
 * The pid of the Redis server at `redisUrl` when it runs on this machine, else null. A remote
 * server's pid would name some unrelated local process, so the pid counts only if that
 * process is a redis-server.
 */
export async function localRedisPid(redisUrl: string): Promise<number | null> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const pid = parseRedisPid(await redis.info('server'));
    if (pid === null) return null;
    const comm = await readFile(`/proc/${String(pid)}/comm`, 'utf8').catch(() => '');
    return comm.startsWith('redis-server') ? pid : null;
  } finally {
    redis.disconnect();
  }
}

/**
 * Resets this process's peak resident memory (VmHWM) to its current RSS (Linux: writing 5 to
 * /proc/self/clear_refs), so a later reading is the peak of what runs after; the RSS now (MB).
 */
export async function resetPeakRss(): Promise<number> {
  await writeFile('/proc/self/clear_refs', '5');
  return process.memoryUsage().rss / (1024 * 1024);
}
