import type { Instant, Schedule } from '../../domain/index.js';
import {
  formatRejected,
  type HelpdeskExport,
  type RejectedRecord,
} from '../../connectors/export-source.js';
import { ValidationError } from '../../errors.js';
import { createBusinessCalendar } from '../../metrics/business-calendar.js';
import type { CalendarSet } from '../../metrics/ticket-clock.js';
import type { TicketTimeline } from '../../metrics/ticket-metrics.js';
import { analyzeTimelines } from '../pipeline/analyze-timelines.js';
import type { AnalysisResult } from '../pipeline/analyze-timelines.js';

export interface AnalyzeOptions {
  now: Instant;
  /** Schedule id for business time; undefined = the first schedule; 'none' = no business time. */
  scheduleId: string | undefined;
  lenient: boolean;
  reopenWindowDays: number;
}

export interface AnalyzeExportResult extends AnalysisResult {
  /** Records skipped in lenient mode (strict mode throws instead). */
  quarantined: RejectedRecord[];
  warnings: string[];
}

/**
 * Offline analysis of a helpdesk export (`deskpulse analyze`), read into the domain model by the
 * helpdesk's export reader: compute every ticket's metrics and the headline KPIs. In strict mode
 * any bad record fails the whole run with every problem listed; lenient mode skips and reports them.
 */
export function analyzeExport(
  exported: HelpdeskExport,
  options: AnalyzeOptions,
): AnalyzeExportResult {
  failUnlessLenient(exported.rejected, options.lenient);
  const calendars = calendarsFor(exported.schedules, options.scheduleId);
  const timelines: TicketTimeline[] = exported.tickets.map((ticket) => ({
    ticket,
    events: exported.events.get(ticket.id) ?? [],
  }));
  const analysis = analyzeTimelines(timelines, {
    now: options.now,
    calendars,
    reopenWindowDays: options.reopenWindowDays,
  });
  return { ...analysis, quarantined: exported.rejected, warnings: exported.warnings };
}

function failUnlessLenient(rejected: readonly RejectedRecord[], lenient: boolean): void {
  if (rejected.length === 0 || lenient) return;
  const lines = formatRejected(rejected);
  throw new ValidationError(
    `${String(rejected.length)} invalid record(s); fix them or pass --lenient to skip them:\n  ${lines.slice(0, 20).join('\n  ')}${lines.length > 20 ? `\n  … and ${String(lines.length - 20)} more` : ''}`,
    lines,
  );
}

function calendarsFor(schedules: readonly Schedule[], scheduleId: string | undefined): CalendarSet {
  if (scheduleId === 'none') return { defaultCalendar: null, byId: new Map() };
  const chosen =
    scheduleId === undefined ? schedules[0] : schedules.find((s) => s.id === scheduleId);
  if (scheduleId !== undefined && chosen === undefined) {
    throw new ValidationError(
      `--schedule ${scheduleId}: no schedule with that id in schedules.json (have: ${schedules.map((s) => s.id).join(', ') || 'none'})`,
    );
  }
  if (chosen === undefined) return { defaultCalendar: null, byId: new Map() };
  const calendar = createBusinessCalendar(chosen);
  return { defaultCalendar: calendar, byId: new Map([[chosen.id, calendar]]) };
}
