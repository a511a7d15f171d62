import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadConfig } from '../config/env.js';
import type { CommandIo } from './analyze-command.js';
import { runReanalyzeCommand } from './reanalyze-command.js';
import { runReportCommand, type ReportCommandOptions } from './report-command.js';
import { requireRuntime, type CliRuntime } from './runtime-commands.js';
import { runStatusCommand } from './status-command.js';
import { runSyncCommand } from './sync-command.js';

/**
 * `backfill` (read again from a start date), `status` (has the pipeline settled?) and `report`
 * (the KPI board or CSV from the store).
 */
export function addPipelineCommands(
  program: Command,
  io: CommandIo,
  runtime: CliRuntime | undefined,
  setExit: (code: number) => void,
): void {
  program
    .command('backfill')
    .description('Backfill an installation from a start date, with progress (then keep syncing).')
    .requiredOption('--installation <id>', 'installation id')
    .requiredOption(
      '--since <date>',
      'start: YYYY-MM-DD (UTC midnight) or an ISO-8601 instant',
      sinceInstant,
    )
    .action(async (opts: { installation: string; since: number }) => {
      const config = loadConfig(process.env);
      const options = { installation: opts.installation, backfillSince: opts.since };
      setExit(await runSyncCommand(config, options, io, requireRuntime(runtime, 'backfill')));
    });

  program
    .command('reanalyze')
    .description(
      'Re-analyse every ticket of an installation under its current settings, with progress.',
    )
    .requiredOption('--installation <id>', 'installation id')
    .action(async (opts: { installation: string }) => {
      const config = loadConfig(process.env);
      const runtimeFor = requireRuntime(runtime, 'reanalyze');
      setExit(await runReanalyzeCommand(config, opts, io, runtimeFor));
    });
  program
    .command('status')
    .description('Print whether the pipeline has settled (nothing left to sync, analyse or push).')
    .requiredOption('--installation <id>', 'installation id')
    .option('--wait-settled', 'wait until settled; exit 3 if the timeout passes first')
    .option('--timeout <seconds>', 'how long --wait-settled waits', positiveInt, 600)
    .action(async (opts: { installation: string; waitSettled?: boolean; timeout: number }) => {
      const config = loadConfig(process.env);
      const options = {
        installation: opts.installation,
        waitSettled: opts.waitSettled === true,
        timeoutSeconds: opts.timeout,
      };
      setExit(await runStatusCommand(config, options, io));
    });

  program
    .command('report')
    .description('Print the KPI board (JSON) or the row-level CSV export for a date range.')
    .requiredOption('--installation <id>', 'installation id')
    .requiredOption('--from <date>', 'first local day, YYYY-MM-DD (REPORTING_TIME_ZONE)')
    .requiredOption('--to <date>', 'last local day, YYYY-MM-DD, inclusive')
    .option('--business-hours', 'durations in business time instead of calendar time')
    .addOption(
      new Option('--slice <dimension>', 'slice the board')
        .choices(['none', 'group', 'agent', 'channel', 'brand', 'tag'])
        .default('none'),
    )
    .addOption(new Option('--format <format>', 'output').choices(['json', 'csv']).default('json'))
    .action(async (opts: ReportCommandOptions) => {
      const config = loadConfig(process.env);
      setExit(await runReportCommand(config, opts, io));
    });
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function sinceInstant(value: string): number {
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at)) {
    throw new InvalidArgumentError('expected YYYY-MM-DD or an ISO-8601 instant');
  }
  return at;
}
