import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';

/** The lock file inside DATA_DIR; it holds the holder's pid, command and start time. */
export const LOCK_FILE = 'deskpulse.lock';

interface Holder {
  pid: number;
  command: string;
  since: string;
}

/** A held DATA_DIR lock; `release` is idempotent. */
export interface DataDirLock {
  release(): Promise<void>;
}

/** Another live process holds DATA_DIR: embedded PGlite serves one process at a time. */
export class DataDirLockedError extends AppError {
  readonly holderPid: number;

  constructor(dataDir: string, holder: Holder) {
    super(
      'DATA_DIR_LOCKED',
      `DATA_DIR ${dataDir} is in use by "${holder.command}" (pid ${holder.pid}, since ${holder.since}); ` +
        'the embedded database serves one process at a time: stop that process first, or use its admin API',
      { status: 409 },
    );
    this.holderPid = holder.pid;
  }
}

// Holds taken by this process, by lock path: the lock guards against other processes, and one
// process (the demo, a test) may open the folder more than once in turn or side by side.
const heldHere = new Map<string, number>();

/**
 * Takes DATA_DIR's lock for `command`, or throws {@link DataDirLockedError} naming the live
 * holder. The lock file is written to a temporary name and hard-linked into place, so it appears
 * atomically and complete. A lock left by a process that no longer runs (killed with SIGKILL,
 * a crash) is taken over.
 */
export async function lockDataDir(dataDir: string, command: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const holder: Holder = { pid: process.pid, command, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt += 1) {
    const count = heldHere.get(path);
    if (count !== undefined) {
      heldHere.set(path, count + 1);
      return releaser(path);
    }
    if (await tryCreate(path, holder)) {
      heldHere.set(path, 1);
      return releaser(path);
    }
    const current = await readHolder(path);
    if (current !== null && current.pid !== process.pid && isRunning(current.pid)) {
      throw new DataDirLockedError(dataDir, current);
    }
    if (attempt >= 2) {
      if (current !== null) throw new DataDirLockedError(dataDir, current);
      throw new AppError(
        'DATA_DIR_LOCKED',
        `${path}: cannot take the lock; delete the file if no deskpulse process uses DATA_DIR`,
      );
    }
    // Stale (its process is gone) or unreadable: remove it and try again.
    await unlink(path).catch(ignoreMissing);
  }
}

async function tryCreate(path: string, holder: Holder): Promise<boolean> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(ignoreMissing);
  }
}

function releaser(path: string): DataDirLock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      const count = (heldHere.get(path) ?? 1) - 1;
      if (count > 0) {
        heldHere.set(path, count);
        return;
      }
      heldHere.delete(path);
      // Only our own lock file: never one another process took over meanwhile.
      if ((await readHolder(path))?.pid === process.pid) await unlink(path).catch(ignoreMissing);
    },
  };
}

async function readHolder(path: string): Promise<Holder | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid)) return null;
    return {
      pid: parsed.pid,
      command: typeof parsed.command === 'string' ? parsed.command : 'unknown',
      since: typeof parsed.since === 'string' ? parsed.since : 'unknown',
    };
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
