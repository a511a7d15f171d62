import type { Config } from '../config/env.js';
import { ConfigError } from '../errors.js';
import { startServer } from '../main.js';
import type { EmbeddedJobsDeps } from '../runtime/embedded-jobs.js';
import type { JobProducer } from '../queue/queue.js';
import type { CommandIo } from './analyze-command.js';
import { waitForStopSignal } from './simulator-command.js';

/** In-process jobs as `jobs/embedded.ts` provides them. */
export interface EmbeddedJobsHandle {
  producer: JobProducer;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The job entry points `bin/deskpulse.js` passes in from `dist/jobs/`: `src/` never imports
 * `jobs/`, so the commands that run jobs receive them from the launcher.
 */
export interface CliRuntime {
  startWorker: (config: Config) => Promise<{ closed: Promise<void>; close(): Promise<void> }>;
  startEmbeddedJobs: (deps: EmbeddedJobsDeps) => EmbeddedJobsHandle;
}

/** Fails clearly when the CLI was started without the job runtime (e.g. from a test). */
export function requireRuntime(runtime: CliRuntime | undefined, command: string): CliRuntime {
  if (runtime === undefined) {
    throw new ConfigError(
      `deskpulse ${command} needs the job runtime; run it through bin/deskpulse.js after npm run build`,
    );
  }
  return runtime;
}

/** `deskpulse serve`: API + scheduler (+ in-process jobs in embedded mode) until SIGINT/SIGTERM. */
export async function runServeCommand(
  config: Config,
  options: { port: number },
  io: CommandIo,
  runtime: CliRuntime,
  waitForStop: () => Promise<string> = waitForStopSignal,
): Promise<number> {
  const server = await startServer(config, {
    startJobs: runtime.startEmbeddedJobs,
    port: options.port,
    now: io.clock,
    log: (line) => {
      io.stderr(`${line}\n`);
    },
  }).catch((error: unknown) => {
    throw listenFailure(error, options.port) ?? error;
  });
  io.stderr(`deskpulse: ${server.mode} mode, listening on ${server.url}\n`);
  const signal = await waitForStop();
  io.stderr(`deskpulse: ${signal}, shutting down\n`);
  await server.close();
  return 0;
}

/** A port that cannot be bound, as one line for the operator instead of listen()'s stack. */
function listenFailure(error: unknown, port: number): ConfigError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return new ConfigError(
      `--port ${port}: already in use on 127.0.0.1; stop what listens there, or pick another port (0: any free port)`,
    );
  }
  if (code === 'EACCES') {
    return new ConfigError(
      `--port ${port}: not allowed for this user (ports below 1024 need privileges); pick another port`,
    );
  }
  return null;
}

/** `deskpulse worker`: BullMQ worker until SIGINT/SIGTERM (handled inside startWorker). */
export async function runWorkerCommand(config: Config, runtime: CliRuntime): Promise<number> {
  const worker = await runtime.startWorker(config);
  await worker.closed;
  return 0;
}
