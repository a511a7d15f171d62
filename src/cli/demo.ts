import { InvalidArgumentError, type Command } from 'commander';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/env.js';
import {
  DemoAborted,
  startDemoStack,
  type DemoBackfillSummary,
  type DemoStack,
} from '../preview/demo-stack.js';
import type { StageProgress } from '../services/pipeline/progress-stages.js';
import type { CommandIo } from './analyze-command.js';
import { createProgressRenderer } from './progress-renderer.js';
import { requireRuntime, type CliRuntime } from './runtime-commands.js';
import { waitForStopSignal } from './simulator-command.js';

/**
 * How long a stop may take before the demo removes its temporary folder and exits anyway: opening
 * PGlite cannot be interrupted, and a user (or a supervisor killing the process group) who has
 * asked to stop will not wait for it — nor send a second signal only to leave ~250 MB behind.
 */
export const STOP_GRACE_MS = 5_000;

/** Options of `deskpulse demo`. */
export interface DemoCommandOptions {
  tickets: number;
  port: number;
  seed: number;
  live: boolean;
  liveEvery: number;
  /** Keep the embedded database here; default a temporary folder removed on exit. */
  dataDir?: string;
}

/** Adds `deskpulse demo` to the command line. */
export function addDemoCommand(
  program: Command,
  io: CommandIo,
  runtime: CliRuntime | undefined,
  setExit: (code: number) => void,
): void {
  const whole = (min: number) => (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return n;
  };
  program
    .command('demo')
    .description(
      'Run everything locally with no services or account: simulated Zendesk, backend, preview of the app.',
    )
    .option('--tickets <n>', 'simulated tickets', whole(10), 3000)
    .option('--port <port>', 'preview host port on 127.0.0.1 (0: any free port)', whole(0), 3000)
    .option('--seed <seed>', 'simulator data seed', whole(0), 1)
    .option('--no-live', 'no simulated ticket updates and webhooks')
    .option('--live-every <seconds>', 'seconds between simulated ticket updates', whole(1), 10)
    .option('--data-dir <dir>', 'keep the embedded database here (default: a temporary folder)')
    .action(async (opts: DemoCommandOptions) => {
      setExit(await runDemoCommand(opts, process.env, io, requireRuntime(runtime, 'demo')));
    });
}

/**
 * `deskpulse demo`: the whole product on one machine with no services and no account — the
 * Zendesk simulator, the backend in embedded mode (PGlite, in-process jobs), a backfill with a
 * progress bar, live ticket updates with signed webhooks, and the preview host showing the real
 * app. Ctrl-C stops everything, during start-up too, and exits 0.
 */
export async function runDemoCommand(
  options: DemoCommandOptions,
  env: Readonly<Record<string, string | undefined>>,
  io: CommandIo,
  runtime: CliRuntime,
  waitForStop: () => Promise<string> = waitForStopSignal,
): Promise<number> {
  const controller = new AbortController();
  // `npm run demo` forwards the terminal's Ctrl-C to this process, which the terminal also sent:
  // the same stop arrives twice. Further signals are held off until the shutdown is done, so the
  // second one cannot kill the process halfway through closing (and turn exit 0 into 130).
  const ignoreRepeat = (): void => undefined;
  let forceStop: NodeJS.Timeout | undefined;
  const stopping = waitForStop().then((signal) => {
    process.on('SIGINT', ignoreRepeat).on('SIGTERM', ignoreRepeat);
    io.stderr(`\ndeskpulse demo: ${signal}, stopping…\n`);
    controller.abort();
    forceStop = setTimeout(() => {
      io.stderr(`deskpulse demo: still stopping after ${STOP_GRACE_MS / 1000}s; exiting\n`);
      // The one place the CLI exits by itself: the 'exit' handler below removes the folder.
      process.exit(0);
    }, STOP_GRACE_MS);
    return signal;
  });
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'deskpulse-demo-')));
  const temporary = options.dataDir === undefined;
  // Whatever ends the process (a forced stop, an uncaught error), the temporary folder goes too.
  const removeNow = (): void => {
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('exit', removeNow);
  // Embedded mode whatever the environment says: the demo needs no PostgreSQL or Redis.
  // Request logs would drown the progress bar and the live lines: warnings only, unless asked.
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    ...env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    REDIS_URL: '',
  });
  // Connector warnings describe the account (an SLA metric Deskpulse does not measure); the
  // backfill and then the server read the same account, so each is news only once.
  const warned = new Set<string>();
  const log = (line: string): void => {
    if (line.startsWith('Zendesk ')) {
      if (warned.has(line)) return;
      warned.add(line);
    }
    io.stderr(`${line}\n`);
  };
  let stack: DemoStack | null = null;
  try {
    io.stderr(`deskpulse demo: ${options.tickets} simulated tickets, data in ${dataDir}\n`);
    const startedAt = io.clock();
    const progress = createProgressRenderer({
      write: io.stderr,
      isTTY: io.stderrIsTTY ?? false,
      now: io.clock,
    });
    let lastStages: StageProgress[] = [];
    stack = await startDemoStack({
      config,
      startJobs: runtime.startEmbeddedJobs,
      tickets: options.tickets,
      seed: options.seed,
      port: options.port,
      liveEverySeconds: options.live ? options.liveEvery : null,
      now: io.clock,
      signal: controller.signal,
      onPhase: (phase) => {
        if (phase === 'backfill') io.stderr('backfill from the simulator:\n');
        if (phase === 'analysis') {
          progress.finish(lastStages);
          io.stderr('analysing, summarising, pushing back (in-process jobs)…\n');
        }
      },
      onProgress: (p) => {
        lastStages = p.stages;
        progress.update(p.stages);
      },
      log,
    });
    io.stderr(summaryLine(stack.backfill));
    io.stdout(readyMessage(stack, options, dataDir, Math.round((io.clock() - startedAt) / 1000)));
    await stopping;
    return 0;
  } catch (error) {
    if (error instanceof DemoAborted || controller.signal.aborted) {
      io.stderr('\ndeskpulse demo: stopped during start-up\n');
      return 0;
    }
    throw error;
  } finally {
    try {
      await stack?.close();
    } finally {
      if (temporary) await rm(dataDir, { recursive: true, force: true });
      clearTimeout(forceStop);
      process.off('exit', removeNow);
      process.off('SIGINT', ignoreRepeat).off('SIGTERM', ignoreRepeat);
    }
  }
}

/** `done: 3,000 tickets, 29,512 events read; 2,987 analysed; business hours: 97% of 2,401 resolved`. */
function summaryLine({ stages, analysis }: DemoBackfillSummary): string {
  const read = (stage: string) =>
    (stages.find((s) => s.stage === stage)?.done ?? 0).toLocaleString('en');
  const coverage =
    analysis.businessHoursCoverage === null
      ? 'no resolved tickets'
      : `${Math.round(analysis.businessHoursCoverage * 100)}% of ${analysis.resolved.toLocaleString('en')} resolved`;
  return (
    `done: ${read('tickets')} tickets, ${read('events')} events, ${read('ratings')} ratings read; ` +
    `${analysis.analysed.toLocaleString('en')} tickets analysed; business hours: ${coverage}\n`
  );
}

function readyMessage(
  stack: DemoStack,
  options: DemoCommandOptions,
  dataDir: string,
  seconds: number,
): string {
  const preview = stack.previewUrl.replace('127.0.0.1', 'localhost');
  return [
    '',
    `Deskpulse demo is running (ready in ${seconds}s).`,
    `  preview:    ${preview}/preview   (the real app in a stand-in Zendesk page)`,
    `  backend:    ${stack.backendUrl}   (embedded mode: PGlite in ${dataDir}, in-process jobs)`,
    `  simulator:  ${stack.simulator.url}   (Zendesk API, ${options.tickets} tickets)`,
    options.live
      ? `  live:       a ticket update and a signed webhook every ${options.liveEvery}s`
      : '  live:       off (--no-live)',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}
