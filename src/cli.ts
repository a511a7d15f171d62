import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runAnalyze } from './cli/analyze-command.js';
import { runSimulatorCommand } from './cli/simulator-command.js';
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
};

/** The `deskpulse` command line; resolves to the process exit code (never calls process.exit). */
export async function main(argv: readonly string[], io: CommandIo = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('deskpulse')
    .description(
      'Helpdesk ticket analytics: resolution, reopens, AHT, CES and more, on calendar and business time.',
    )
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

  program
    .command('simulator')
    .description('Serve a seeded, simulated Zendesk account (API subset, faults, ground truth).')
    .option('--tickets <n>', 'number of tickets', positiveInt, 10_000)
    .option('--port <port>', 'port on 127.0.0.1 (0: any free port)', nonNegativeInt, 0)
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

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive whole number');
  return n;
}
