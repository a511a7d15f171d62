import { createInterface } from 'node:readline/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runAnalyze } from './cli/analyze-command.js';
import { addDemoCommand } from './cli/demo.js';
import { runInstallCommand, type InstallCommandOptions } from './cli/install-command.js';
import { addInstallationsCommands } from './cli/installations-command.js';
import {
  requireRuntime,
  runServeCommand,
  runWorkerCommand,
  type CliRuntime,
} from './cli/runtime-commands.js';
import { runSimulatorCommand } from './cli/simulator-command.js';
import { addSimulatorBenchOptions } from './cli/simulator-options.js';
import { addSimulatorUpdateCommand } from './cli/simulator-update-command.js';
import { runSyncCommand } from './cli/sync-command.js';
import { packageVersion } from './cli/version.js';
import { addPipelineCommands } from './cli/pipeline-commands.js';
import { addAgreementCommand } from './cli/agreement-command.js';
import { addWhatIfCommand } from './cli/what-if-command.js';
import type { SimulatorCommandOptions } from './cli/simulator-command.js';
import type { CommandIo } from './cli/analyze-command.js';
import { loadConfig } from './config/env.js';
import { AppError } from './errors.js';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

const defaultIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  clock: () => Date.now(),
  stderrIsTTY: process.stderr.isTTY,
  ...(process.stdin.isTTY ? { ask: askOnTerminal } : {}),
};

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export type { CliRuntime } from './cli/runtime-commands.js';

/**
 * The `deskpulse` command line; resolves to the process exit code (never calls process.exit).
 * `runtime` carries the job entry points from `dist/jobs/` (bin/deskpulse.js passes them, since
 * `src/` never imports `jobs/`); without it `serve`, `worker` and `sync` fail with a clear message.
 */
export async function main(
  argv: readonly string[],
  io: CommandIo = defaultIo,
  runtime?: CliRuntime,
): Promise<number> {
  let exitCode = 0;
  const program = new Command('deskpulse')
    .description(
      'Helpdesk ticket analytics: resolution, reopens, AHT, CES and more, on calendar and business time.',
    )
    .version(packageVersion(), '-v, --version', 'print the version and exit')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('analyze')
    .description(
      'Compute per-ticket metrics and KPIs offline from a folder of Zendesk API JSON exports.',
    )
    .argument(
      '<dir>',
      'folder with tickets.json, audits.json, users.json [, schedules.json, satisfaction_ratings.json]',
    )
    .option(
      '--schedule <id>',
      'business-hours schedule id (default: the first in schedules.json; "none": no business time)',
    )
    .option(
      '--time-field <id>',
      'ticket field id of the Time Tracking app\'s "Total time spent (sec)" (for AHT)',
    )
    .option('--ces-field <id>', 'ticket field id holding a 1–7 CES answer (7 = easiest)')
    .option('--now <instant>', 'compute as of this ISO-8601 instant (default: the current time)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'),
    )
    .option('--lenient', 'skip invalid records and report them instead of failing', false)
    .option(
      '--reopen-window-days <days>',
      'a reopen counts in the reopen rate within this many days of the solve (default: REOPEN_WINDOW_DAYS, 7)',
      positiveInt,
    )
    .action(
      async (
        dir: string,
        opts: { reopenWindowDays?: number; format: 'json' | 'csv'; lenient: boolean },
      ) => {
        const config = loadConfig(process.env);
        exitCode = await runAnalyze(
          dir,
          { ...opts, reopenWindowDays: opts.reopenWindowDays ?? config.REOPEN_WINDOW_DAYS },
          io,
        );
      },
    );

  const simulator = program
    .command('simulator')
    .description('Serve a seeded, simulated Zendesk account (API subset, faults, ground truth).')
    .option('--tickets <n>', 'number of tickets', positiveInt, 10_000)
    .option('--port <port>', 'port on 127.0.0.1 (0: any free port)', portNumber, 0)
    .option('--seed <seed>', 'data seed; the same seed serves the same data', nonNegativeInt, 1)
    .addOption(
      new Option('--rate-limit <mode>', 'rate limiting')
        .choices(['off', 'default'])
        .default('default'),
    )
    .option('--webhook-url <url>', 'target for signed ticket.updated webhooks')
    .option('--webhook-secret <secret>', 'webhook signing secret')
    .option('--webhook-every-seconds <k>', 'update a random ticket every k seconds', positiveInt)
    .action(async (opts: SimulatorCommandOptions) => {
      exitCode = await runSimulatorCommand(opts, io);
    });
  addSimulatorBenchOptions(simulator);
  addSimulatorUpdateCommand(simulator, io, (code) => (exitCode = code));

  addRuntimeCommands(program, io, runtime, (code) => {
    exitCode = code;
  });
  addPipelineCommands(program, io, runtime, (code) => {
    exitCode = code;
  });
  addAgreementCommand(program, io, (code) => (exitCode = code));
  addWhatIfCommand(program, io, (code) => (exitCode = code));
  addDemoCommand(program, io, runtime, (code) => {
    exitCode = code;
  });
  addInstallationsCommands(program, io, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof AppError) {
      io.stderr(`deskpulse: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

function addRuntimeCommands(
  program: Command,
  io: CommandIo,
  runtime: CliRuntime | undefined,
  setExit: (code: number) => void,
): void {
  program
    .command('serve')
    .description('Run the API and the sync scheduler (embedded mode also runs the jobs).')
    .option('--port <port>', 'port on 127.0.0.1 (0: any free port)', portNumber, 3000)
    .action(async (opts: { port: number }) => {
      const config = loadConfig(process.env);
      setExit(await runServeCommand(config, opts, io, requireRuntime(runtime, 'serve')));
    });

  program
    .command('worker')
    .description('Run a BullMQ worker (production mode: DATABASE_URL and REDIS_URL).')
    .action(async () => {
      const config = loadConfig(process.env);
      setExit(await runWorkerCommand(config, requireRuntime(runtime, 'worker')));
    });

  program
    .command('install')
    .description('Register a helpdesk account; prints its id and secrets once.')
    .addOption(
      new Option('--helpdesk <kind>', 'helpdesk')
        .choices(['zendesk', 'freshdesk'])
        .makeOptionMandatory(),
    )
    .requiredOption('--domain <domain>', 'Zendesk subdomain or Freshdesk domain')
    .option('--email <email>', 'Zendesk admin email (API token auth)')
    .option('--token <token>', 'Zendesk API token')
    .option('--oauth-token <token>', 'Zendesk OAuth access token')
    .option('--api-key <key>', 'Freshdesk API key')
    .option('--base-url <url>', 'helpdesk URL override (e.g. the simulator)')
    .option('--time-field <id>', 'Zendesk "Total time spent (sec)" ticket field id')
    .option('--ces-field <id>', 'Zendesk CES ticket field id')
    .option('--nps-field <id>', 'Zendesk ticket field id holding a 0–10 NPS answer')
    .action(async (opts: InstallCommandOptions) => {
      const config = loadConfig(process.env);
      setExit(await runInstallCommand(config, opts, io));
    });

  program
    .command('sync')
    .description('Run one sync of an installation in the foreground, with progress.')
    .requiredOption('--installation <id>', 'installation id')
    .option('--backfill-since <instant>', 'backfill from this ISO-8601 instant', isoInstant)
    .action(async (opts: { installation: string; backfillSince?: number }) => {
      const config = loadConfig(process.env);
      setExit(await runSyncCommand(config, opts, io, requireRuntime(runtime, 'sync')));
    });
}

function isoInstant(value: string): number {
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at))
    throw new InvalidArgumentError('expected an ISO-8601 instant, e.g. 2024-01-01T00:00:00Z');
  return at;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

/** A TCP port; out of range fails here with one line, not as a stack from listen(). */
function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  }
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive whole number');
  return n;
}
