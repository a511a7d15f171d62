import { Option, type Command } from 'commander';
import type { Config } from '../config/env.js';
import { loadConfig } from '../config/env.js';
import { MAX_REPORT_DATE, MIN_REPORT_DATE } from '../domain/index.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { agreementReport } from '../services/agreement/agreement-report.js';
import type { AgreementReport } from '../services/agreement/contracts.js';
import type { CommandIo } from './analyze-command.js';

/** Options of `deskpulse agreement`. */
export interface AgreementCommandOptions {
  installation: string;
  format: 'json' | 'csv';
}

/**
 * `deskpulse agreement`: how often the installation's stored metrics match Zendesk's own
 * (`metric_sets`) within a minute, per metric and clock, over its whole history, with the reasons
 * of the differences — the document of `GET /api/v1/agreement` as JSON, or one CSV line per
 * metric, clock and reason. Compares what changed since the last run first.
 */
export async function runAgreementCommand(
  config: Config,
  options: AgreementCommandOptions,
  io: CommandIo,
): Promise<number> {
  const { store } = await openRuntime(config);
  try {
    if ((await store.getInstallation(options.installation)) === null) {
      io.stderr(`deskpulse agreement: no installation ${options.installation}\n`);
      return 1;
    }
    const deps = { store, reportingTimeZone: config.REPORTING_TIME_ZONE };
    const whole = { from: MIN_REPORT_DATE, to: MAX_REPORT_DATE };
    const report = await agreementReport(deps, options.installation, whole);
    io.stdout(
      options.format === 'csv' ? agreementCsv(report) : `${JSON.stringify(report, null, 2)}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** One line per metric, clock and reason (an empty reason: no differences on that row). */
export function agreementCsv(report: AgreementReport): string {
  const lines = ['metric,clock,n,within,within_share,reason,count'];
  for (const row of report.rows) {
    const head = [row.metric, row.clock, row.n, row.within, row.withinShare ?? ''].join(',');
    if (row.topReasons.length === 0) lines.push(`${head},,0`);
    for (const r of row.topReasons) lines.push(`${head},${r.reason},${String(r.count)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Registers `agreement` on the program. */
export function addAgreementCommand(
  program: Command,
  io: CommandIo,
  setExit: (code: number) => void,
): void {
  program
    .command('agreement')
    .description(
      "Compare the installation's metrics with Zendesk's own (metric_sets): share within a minute and why the rest differ.",
    )
    .requiredOption('--installation <id>', 'installation id')
    .addOption(new Option('--format <format>', 'output').choices(['json', 'csv']).default('json'))
    .action(async (opts: AgreementCommandOptions) => {
      setExit(await runAgreementCommand(loadConfig(process.env), opts, io));
    });
}
