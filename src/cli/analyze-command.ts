import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../errors.js';
import { formatRejected } from '../connectors/export-source.js';
import {
  readZendeskExport,
  type ZendeskExportFiles,
} from '../connectors/zendesk/export/read-export.js';
import { analyzeExport } from '../services/offline/analyze-export.js';
import { toCsv } from './analyze-csv.js';

export interface AnalyzeCommandOptions {
  schedule?: string;
  timeField?: string;
  cesField?: string;
  now?: string;
  format: 'json' | 'csv';
  lenient: boolean;
  reopenWindowDays: number;
}

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  clock: () => number;
  /** Whether stderr is a terminal (progress redraws one line) or a file or pipe (plain lines). */
  stderrIsTTY?: boolean;
  /** Asks the person at the terminal and resolves to the answer; absent when stdin is no TTY. */
  ask?: (question: string) => Promise<string>;
}

/** `deskpulse analyze <dir>`: reads the export folder, prints the analysis; returns the exit code. */
export async function runAnalyze(
  dir: string,
  options: AnalyzeCommandOptions,
  io: CommandIo,
): Promise<number> {
  const now = options.now === undefined ? io.clock() : Date.parse(options.now);
  if (Number.isNaN(now))
    throw new ValidationError(
      `--now ${String(options.now)}: not an ISO-8601 instant (e.g. 2024-04-01T00:00:00Z)`,
    );
  const files: ZendeskExportFiles = {
    tickets: await readJson(dir, 'tickets.json', true),
    audits: await readJson(dir, 'audits.json', true),
    users: await readJson(dir, 'users.json', true),
    schedules: await readJson(dir, 'schedules.json', false),
    satisfactionRatings: await readJson(dir, 'satisfaction_ratings.json', false),
  };
  const exported = readZendeskExport(files, {
    timeFieldId: options.timeField ?? null,
    cesFieldId: options.cesField ?? null,
  });
  const result = analyzeExport(exported, {
    now,
    scheduleId: options.schedule,
    lenient: options.lenient,
    reopenWindowDays: options.reopenWindowDays,
  });
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  if (result.quarantined.length > 0) {
    io.stderr(
      `skipped ${String(result.quarantined.length)} invalid record(s):\n  ${formatRejected(result.quarantined).join('\n  ')}\n`,
    );
  }
  if (options.format === 'csv') io.stdout(toCsv(result.tickets));
  else {
    const body = {
      tickets: result.tickets,
      summary: result.summary,
      ...(options.lenient ? { quarantined: result.quarantined } : {}),
    };
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  }
  return 0;
}

async function readJson(dir: string, name: string, required: boolean): Promise<unknown> {
  const path = join(dir, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!required && isMissing(error)) return undefined;
    const reason = isMissing(error) ? 'file not found' : (error as Error).message;
    throw new ValidationError(
      `${path}: ${reason}${required ? ' (required: tickets.json, audits.json, users.json)' : ''}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(`${path}: invalid JSON (${(error as Error).message})`);
  }
}

function isMissing(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT'
  );
}
