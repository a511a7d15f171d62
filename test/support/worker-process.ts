import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const ROOT = new URL('../../', import.meta.url);

let built: Promise<unknown> | null = null;
// Every test file that spawns workers builds; the build info makes an unchanged tree's rebuild quick.
const INCREMENTAL = ['--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo-tests'];

/**
 * Compiles the CLI (`dist/`) from this tree, once per test process, so a child worker never runs
 * a stale build. tsc emits despite type errors; those are the typecheck step's to report (and
 * files being edited elsewhere in the tree may have some), so only a failure without
 * diagnostics, or no emitted worker, fails here.
 */
export function buildCli(): Promise<unknown> {
  built ??= promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json', ...INCREMENTAL], {
    cwd: ROOT,
  }).catch((error: unknown) => {
    const stdout = (error as { stdout?: string }).stdout ?? '';
    if (/error TS\d+/.test(stdout) && existsSync(new URL('dist/jobs/worker.js', ROOT))) return;
    throw error;
  });
  return built;
}

/** A `deskpulse worker` child process and the stderr it wrote so far. */
export interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
  /** SIGKILLs the worker unless it already exited, and waits for the exit. */
  kill(): Promise<void>;
}

/** `node bin/deskpulse.js worker` with exactly `env` (plus PATH); stderr is collected. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  let stderr = '';
  const child = spawn(process.execPath, ['bin/deskpulse.js', 'worker'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return {
    child,
    stderr: () => stderr,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
