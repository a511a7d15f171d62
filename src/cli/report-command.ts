import type { Config } from '../config/env.js';
import { ValidationError } from '../errors.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { computeBoard } from '../services/kpi/board.js';
import { exportCsv } from '../services/kpi/export-csv.js';
import { BoardQuerySchema, ExportQuerySchema } from '../services/kpi/schemas.js';
import { describeIssues } from '../zod-issues.js';
import type { CommandIo } from './analyze-command.js';

/** Options of `deskpulse report`. */
export interface ReportCommandOptions {
  installation: string;
  from: string;
  to: string;
  businessHours?: boolean;
  slice: string;
  format: 'json' | 'csv';
}

/**
 * `deskpulse report`: the team-lead KPI board for a date range as JSON (the same document as
 * `GET /api/v1/kpis/board`), or the row-level CSV export (as `GET /api/v1/kpis/export.csv`),
 * from the store — no helpdesk call. Dates are local days of REPORTING_TIME_ZONE, both inclusive.
 */
export async function runReportCommand(
  config: Config,
  options: ReportCommandOptions,
  io: CommandIo,
): Promise<number> {
  const raw = {
    from: options.from,
    to: options.to,
    businessHours: options.businessHours === true ? 'true' : 'false',
  };
  // Validated before the store opens, so a typo costs nothing.
  const board = BoardQuerySchema.safeParse({ ...raw, slice: options.slice });
  const range = ExportQuerySchema.safeParse(raw);
  if (!board.success || !range.success) {
    const issues = describeIssues((board.error ?? range.error)?.issues ?? [], '(options)');
    throw new ValidationError(`invalid report options: ${issues.join('; ')}`, issues);
  }
  const { store } = await openRuntime(config, { command: 'deskpulse report', existing: true });
  try {
    if ((await store.getInstallation(options.installation)) === null) {
      io.stderr(`deskpulse report: no installation ${options.installation}\n`);
      return 1;
    }
    const deps = {
      store,
      reportingTimeZone: config.REPORTING_TIME_ZONE,
      reopenWindowDays: config.REOPEN_WINDOW_DAYS,
      now: io.clock,
    };
    if (options.format === 'csv') {
      for await (const line of exportCsv(deps, options.installation, range.data)) io.stdout(line);
    } else {
      const result = await computeBoard(deps, options.installation, board.data);
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
