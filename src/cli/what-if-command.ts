import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { Config } from '../config/env.js';
import { loadConfig } from '../config/env.js';
import { AppError } from '../errors.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { WhatIfProposalSchema, WhatIfRequestSchema } from '../services/whatif/contracts.js';
import type { Comparison, WhatIfReport } from '../services/whatif/contracts.js';
import { whatIf } from '../services/whatif/what-if.js';
import { describeIssues } from '../zod-issues.js';
import type { CommandIo } from './analyze-command.js';

/** Options of `deskpulse what-if`. */
export interface WhatIfCommandOptions {
  policy: string;
  installation: string;
  from?: string;
  to?: string;
  slice?: string;
  format: 'json' | 'csv';
}

/** The proposal file's shape, printed by `--help` (the README shows the same). */
export const PROPOSAL_HELP = `
FILE is a JSON proposal, the body of PUT /api/v1/app/admin/settings' two analysis keys; either or both:
  {
    "slaPolicy": { "id": "proposal", "name": "4 h resolution",
      "targets": [ { "metric": "first_reply_time", "priority": "urgent",
                     "targetSeconds": 3600, "businessHours": true } ] },
    "schedules": [ { "id": "<stored schedule id to replace, or a new one>", "name": "Office",
      "timeZone": "Europe/Rome",
      "intervals": [ { "startMinute": 1980, "endMinute": 2460 } ],
      "holidays": [ { "name": "Ferragosto", "startDate": "2025-08-15", "endDate": "2025-08-15" } ] } ]
  }
metric: first_reply_time | next_reply_time | requester_wait_time | agent_work_time | full_resolution_time;
priority: low | normal | high | urgent | null (every priority; a priority's own target wins).
Interval minutes count from Sunday 00:00 local time (1980 = Monday 09:00). The slaPolicy replaces
the one in force; schedules replace stored ones with the same id, the first by id is the default.`;

/**
 * `deskpulse what-if`: the installation's stored history replayed under the proposal in FILE,
 * beside today's stored values — the document of `POST /api/v1/what-if` as JSON, or CSV: one line
 * per scope (overall, month, slice value) and SLA metric × priority or business-hours duration.
 */
export async function runWhatIfCommand(
  config: Config,
  options: WhatIfCommandOptions,
  io: CommandIo,
): Promise<number> {
  const parsed = await readRequest(options);
  if (typeof parsed === 'string') {
    io.stderr(`deskpulse what-if: ${parsed}\n`);
    return 2;
  }
  const { store } = await openRuntime(config);
  try {
    const deps = { store, reportingTimeZone: config.REPORTING_TIME_ZONE, now: () => Date.now() };
    const report = await whatIf(deps, options.installation, parsed);
    io.stdout(
      options.format === 'csv' ? whatIfCsv(report) : `${JSON.stringify(report, null, 2)}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      io.stderr(`deskpulse what-if: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

async function readRequest(options: WhatIfCommandOptions) {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(options.policy, 'utf8'));
  } catch (error) {
    return `cannot read ${options.policy}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const proposal = WhatIfProposalSchema.safeParse(json);
  if (!proposal.success)
    return `${options.policy}: ${describeIssues(proposal.error.issues, 'proposal').join('; ')}`;
  const range =
    options.from === undefined && options.to === undefined
      ? undefined
      : { from: options.from ?? '1900-01-01', to: options.to ?? '2999-12-31' };
  const request = WhatIfRequestSchema.safeParse({
    proposal: proposal.data,
    range,
    slice: options.slice,
    flipLimit: 5000,
  });
  if (!request.success) return describeIssues(request.error.issues, 'options').join('; ');
  return request.data;
}

/** scope,key,name,kind,…,current…,proposed… — one line per compared value; `name`: a slice value's. */
export function whatIfCsv(report: WhatIfReport): string {
  const lines = [
    'scope,key,name,kind,metric,priority,current_achieved,current_breached,current_attainment,proposed_achieved,proposed_breached,proposed_attainment,current_n,current_median,current_p90,proposed_n,proposed_median,proposed_p90',
  ];
  const cell = (v: number | null) => (v === null ? '' : String(v));
  const add = (scope: string, key: string, name: string, c: Comparison) => {
    for (const r of c.sla) {
      const counts = [r.current, r.proposed].flatMap((s) => [
        s.achieved,
        s.breached,
        cell(s.attainment),
      ]);
      lines.push(
        [
          scope,
          key,
          name,
          'sla',
          r.metric,
          r.priority ?? '',
          ...counts,
          '',
          '',
          '',
          '',
          '',
          '',
        ].join(','),
      );
    }
    for (const d of c.durations) {
      const stats = [d.current, d.proposed].flatMap((s) => [s.n, cell(s.median), cell(s.p90)]);
      lines.push(
        [scope, key, name, 'business_seconds', d.metric, '', '', '', '', '', '', '', ...stats].join(
          ',',
        ),
      );
    }
  };
  add('overall', '', '', report.overall);
  for (const m of report.months) add('month', m.month, '', m);
  for (const s of report.slices) add('slice', csvText(s.value), csvText(s.name ?? ''), s);
  return `${lines.join('\n')}\n`;
}

function csvText(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Registers `what-if` on the program. */
export function addWhatIfCommand(
  program: Command,
  io: CommandIo,
  setExit: (code: number) => void,
): void {
  program
    .command('what-if')
    .description(
      "Replay the installation's stored history under a proposed SLA policy and/or schedules, beside today's numbers (nothing is applied).",
    )
    .requiredOption('--policy <file>', 'JSON proposal (shape below)')
    .requiredOption('--installation <id>', 'installation id')
    .option(
      '--from <date>',
      'first creation date (YYYY-MM-DD, REPORTING_TIME_ZONE); default: whole history',
    )
    .option('--to <date>', 'last creation date (YYYY-MM-DD), inclusive')
    .addOption(
      new Option('--slice <slice>', 'also split by').choices([
        'group',
        'agent',
        'brand',
        'channel',
        'priority',
      ]),
    )
    .addOption(new Option('--format <format>', 'output').choices(['json', 'csv']).default('json'))
    .addHelpText('after', PROPOSAL_HELP)
    .action(async (opts: WhatIfCommandOptions) => {
      setExit(await runWhatIfCommand(loadConfig(process.env), opts, io));
    });
}
