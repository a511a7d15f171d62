import type { AnalyzedTicket, Minutes } from '../services/pipeline/analyze-timelines.js';

const DURATIONS = [
  'firstReplyMinutes',
  'firstResolutionMinutes',
  'fullResolutionMinutes',
  'requesterWaitMinutes',
  'agentWaitMinutes',
  'onHoldMinutes',
  'agentWorkMinutes',
] as const satisfies readonly (keyof AnalyzedTicket)[];

/** The analysis as CSV: one row per ticket, each duration split into calendar and business columns. */
export function toCsv(tickets: readonly AnalyzedTicket[]): string {
  const header = [
    'id',
    'status',
    ...DURATIONS.flatMap((d) => [`${d}.calendar`, `${d}.business`]),
    'reopens',
    'agentReplies',
    'touch',
    'handleTimeSeconds',
    'csat',
    'ces',
    'effortScore',
    'effortReasons',
  ];
  const rows = tickets.map((t) => [
    t.id,
    t.status,
    ...DURATIONS.flatMap((d) => cells(t[d])),
    t.reopens,
    t.agentReplies,
    t.touch,
    t.handleTimeSeconds,
    t.csat,
    t.ces,
    t.effort.score,
    t.effort.reasons.join('; '),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function cells(m: Minutes): (number | null)[] {
  return [m.calendar, m.business];
}

/** RFC 4180 quoting; a leading formula character is neutralised so spreadsheets never execute a cell. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
