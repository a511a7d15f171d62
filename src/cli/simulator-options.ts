import { InvalidArgumentError, Option, type Command } from 'commander';
import type { RateLimitOptions, SimulatorFaults } from '../simulator/index.js';

/** The test-bench options of `deskpulse simulator`: one per fault kind, and the rate-limit budget. */
export interface SimulatorBenchOptions {
  faultServerErrors?: number;
  faultServerErrorStatus?: number;
  faultDropConnection?: number;
  faultRateLimitStorm?: number;
  faultStormRetryAfter?: number;
  faultSlowResponses?: number;
  faultSlowMs?: number;
  faultDuplicateEvents?: number;
  faultOutOfOrderEvents?: number;
  faultMalformedRecords?: number;
  faultSchemaDrift?: number;
  rateLimitPerMinute?: number;
  rateLimitExportsPerMinute?: number;
  rateLimitRetryAfter?: number;
}

const FAULTS = 'Faults (a probability p from 0 to 1; draws come from --seed, so a run repeats):';
const RATE = 'Rate limits (with --rate-limit default):';

/** Adds the fault and rate-limit options to the `simulator` command, under their own help headings. */
export function addSimulatorBenchOptions(command: Command): Command {
  const fault = (flags: string, description: string, parse = probability) =>
    command.addOption(new Option(flags, description).argParser(parse).helpGroup(FAULTS));
  const rate = (flags: string, description: string) =>
    command.addOption(new Option(flags, description).argParser(positiveWhole).helpGroup(RATE));
  fault('--fault-server-errors <p>', 'answer this share of API requests with a 5xx');
  fault(
    '--fault-server-error-status <code>',
    'the status of those errors, 500 to 599 (default 503)',
    serverStatus,
  );
  fault('--fault-drop-connection <p>', 'drop the connection of this share of API requests');
  fault('--fault-rate-limit-storm <p>', 'answer this share of API requests 429, within budget');
  fault(
    '--fault-storm-retry-after <seconds>',
    "the Retry-After of a storm's 429 (default 1)",
    positiveWhole,
  );
  fault('--fault-slow-responses <p>', 'delay this share of API requests');
  fault('--fault-slow-ms <ms>', 'the delay of a slow response (default 2000)', positiveWhole);
  fault(
    '--fault-duplicate-events <p>',
    'repeat an update of an earlier page in this share of ticket-events pages',
  );
  fault('--fault-out-of-order-events <p>', 'shuffle this share of ticket-events pages');
  fault(
    '--fault-malformed-records <p>',
    'serve this share of tickets and ticket updates malformed (fixed per record; see /__truth/quarantine)',
  );
  fault(
    '--fault-schema-drift <p>',
    'serve this share of tickets and ticket updates with a drifted schema (fixed per record)',
  );
  rate('--rate-limit-per-minute <n>', 'API requests per minute, account-wide (default 700)');
  rate(
    '--rate-limit-exports-per-minute <n>',
    'incremental-export requests per minute (default 10)',
  );
  rate(
    '--rate-limit-retry-after <seconds>',
    'the Retry-After of a budget 429 (default: the seconds left in the minute, as Zendesk)',
  );
  return command;
}

/**
 * The simulator's faults and rate limit from the options, or the usage error that forbids them: a
 * detail without its fault (a status without --fault-server-errors) or a budget with
 * `--rate-limit off` would be silently ignored otherwise.
 */
export function benchSettings(
  options: SimulatorBenchOptions & { rateLimit: 'off' | 'default' },
): { faults: SimulatorFaults; rateLimit: 'off' | Partial<RateLimitOptions> } | { error: string } {
  const details: [keyof SimulatorBenchOptions, keyof SimulatorBenchOptions][] = [
    ['faultServerErrorStatus', 'faultServerErrors'],
    ['faultStormRetryAfter', 'faultRateLimitStorm'],
    ['faultSlowMs', 'faultSlowResponses'],
  ];
  for (const [detail, fault] of details) {
    if (options[detail] !== undefined && options[fault] === undefined)
      return { error: `${flagOf(detail)} needs ${flagOf(fault)}` };
  }
  const budgets = [
    'rateLimitPerMinute',
    'rateLimitExportsPerMinute',
    'rateLimitRetryAfter',
  ] as const;
  const given = budgets.find((key) => options[key] !== undefined);
  if (options.rateLimit === 'off' && given !== undefined)
    return { error: `${flagOf(given)} needs rate limiting on (not --rate-limit off)` };
  const o = options;
  const faults: SimulatorFaults = {};
  if (o.faultServerErrors !== undefined) {
    faults.serverErrors = { probability: o.faultServerErrors };
    if (o.faultServerErrorStatus !== undefined)
      faults.serverErrors.status = o.faultServerErrorStatus;
  }
  if (o.faultDropConnection !== undefined)
    faults.dropConnection = { probability: o.faultDropConnection };
  if (o.faultRateLimitStorm !== undefined) {
    faults.rateLimitStorm = { probability: o.faultRateLimitStorm };
    if (o.faultStormRetryAfter !== undefined)
      faults.rateLimitStorm.retryAfterSeconds = o.faultStormRetryAfter;
  }
  if (o.faultSlowResponses !== undefined)
    faults.slowResponseMs = { probability: o.faultSlowResponses, ms: o.faultSlowMs ?? 2000 };
  if (o.faultDuplicateEvents !== undefined)
    faults.duplicateEvents = { probability: o.faultDuplicateEvents };
  if (o.faultOutOfOrderEvents !== undefined)
    faults.outOfOrderEvents = { probability: o.faultOutOfOrderEvents };
  if (o.faultMalformedRecords !== undefined)
    faults.malformedRecords = { probability: o.faultMalformedRecords };
  if (o.faultSchemaDrift !== undefined) faults.schemaDrift = { probability: o.faultSchemaDrift };
  if (o.rateLimit === 'off') return { faults, rateLimit: 'off' };
  const budget: Partial<RateLimitOptions> = {};
  if (o.rateLimitPerMinute !== undefined) budget.perMinute = o.rateLimitPerMinute;
  if (o.rateLimitExportsPerMinute !== undefined)
    budget.exportsPerMinute = o.rateLimitExportsPerMinute;
  if (o.rateLimitRetryAfter !== undefined) budget.retryAfterSeconds = o.rateLimitRetryAfter;
  return { faults, rateLimit: budget };
}

/** `faultServerErrorStatus` → `--fault-server-error-status`. */
function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function probability(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('expected a probability from 0 to 1, e.g. 0.05');
  return n;
}

function serverStatus(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 500 || n > 599)
    throw new InvalidArgumentError('expected a server error status from 500 to 599');
  return n;
}

function positiveWhole(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive whole number');
  return n;
}
