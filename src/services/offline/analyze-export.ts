import type { Instant, Schedule, Ticket, TicketEvent } from '../../domain/index.js';
import { toIanaTimeZone } from '../../connectors/zendesk/rails-time-zones.js';
import { SatisfactionScoreSchema } from '../../domain/index.js';
import { ValidationError } from '../../errors.js';
import {
  mapSatisfactionRating,
  mapSchedule,
  mapTicket,
  userRolesFrom,
} from '../../connectors/zendesk/map.js';
import type { ZendeskMappingOptions } from '../../connectors/zendesk/map.js';
import {
  ZendeskAuditSchema,
  ZendeskSatisfactionRatingSchema,
  ZendeskScheduleSchema,
  ZendeskTicketSchema,
  ZendeskUserSchema,
} from '../../connectors/zendesk/schemas.js';
import { createBusinessCalendar } from '../../metrics/business-calendar.js';
import type { CalendarSet } from '../../metrics/ticket-clock.js';
import type { TicketTimeline } from '../../metrics/ticket-metrics.js';
import { formatRejected, parseRecords } from './export-records.js';
import type { RejectedRecord } from './export-records.js';
import { analyzeTimelines } from '../pipeline/analyze-timelines.js';
import type { AnalysisResult } from '../pipeline/analyze-timelines.js';
import { mapHistories } from './export-histories.js';

/** The parsed JSON of each file of a Zendesk export folder; optional files are undefined when absent. */
export interface ExportFiles {
  tickets: unknown;
  audits: unknown;
  users: unknown;
  schedules?: unknown;
  satisfactionRatings?: unknown;
}

export interface AnalyzeOptions extends ZendeskMappingOptions {
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
 * Offline analysis of a Zendesk export (`deskpulse analyze`): validate every record, map it to the
 * domain model, compute every ticket's metrics and the headline KPIs. In strict mode any bad record
 * fails the whole run with every problem listed; lenient mode skips and reports them.
 */
export function analyzeExport(files: ExportFiles, options: AnalyzeOptions): AnalyzeExportResult {
  const tickets = parseRecords('tickets.json', files.tickets, 'tickets', ZendeskTicketSchema);
  const audits = parseRecords('audits.json', files.audits, 'audits', ZendeskAuditSchema);
  const users = parseRecords('users.json', files.users, 'users', ZendeskUserSchema);
  const schedules =
    files.schedules === undefined
      ? { records: [], rejected: [] }
      : parseRecords('schedules.json', files.schedules, 'schedules', ZendeskScheduleSchema);
  const ratings =
    files.satisfactionRatings === undefined
      ? { records: [], rejected: [] }
      : parseRecords(
          'satisfaction_ratings.json',
          files.satisfactionRatings,
          'satisfaction_ratings',
          ZendeskSatisfactionRatingSchema,
        );
  const rejected = [
    ...tickets.rejected,
    ...audits.rejected,
    ...users.rejected,
    ...schedules.rejected,
    ...ratings.rejected,
  ];
  failUnlessLenient(rejected, options.lenient);

  // Zendesk's schedules API names zones the Rails way ("Pacific Time (US & Canada)"), as the live
  // connector translates them; a name neither knows still fails in mapSchedule.
  const domainSchedules = schedules.records.map((s) =>
    mapSchedule({ ...s, time_zone: toIanaTimeZone(s.time_zone) ?? s.time_zone }),
  );
  const calendars = calendarsFor(domainSchedules, options.scheduleId);
  const domainTickets = dedupeTickets(tickets.records.map(mapTicket));
  const extraEvents = new Map<string, TicketEvent[]>();
  for (const rating of ratings.records) {
    const event = mapSatisfactionRating(rating);
    extraEvents.set(event.ticketId, [...(extraEvents.get(event.ticketId) ?? []), event]);
  }
  for (const raw of tickets.records) {
    const score = SatisfactionScoreSchema.safeParse(raw.satisfaction_rating?.score);
    const ticket = mapTicket(raw);
    if (!score.success || extraEvents.has(ticket.id)) continue;
    // Without the ratings file the ticket's own snapshot is the only CSAT source.
    extraEvents.set(ticket.id, [
      {
        id: `${ticket.id}:csat-snapshot`,
        ticketId: ticket.id,
        at: ticket.updatedAt,
        actorId: null,
        type: 'satisfaction',
        score: score.data,
        assigneeId: null,
      },
    ]);
  }

  const histories = mapHistories(
    domainTickets,
    audits.records,
    userRolesFrom(users.records),
    options,
  );
  failUnlessLenient(histories.rejected, options.lenient);
  const timelines: TicketTimeline[] = domainTickets.map((ticket) => ({
    ticket,
    events: mergeSorted(histories.events.get(ticket.id) ?? [], extraEvents.get(ticket.id) ?? []),
  }));
  const analysis = analyzeTimelines(timelines, {
    now: options.now,
    calendars,
    reopenWindowDays: options.reopenWindowDays,
  });
  return {
    ...analysis,
    quarantined: [...rejected, ...histories.rejected],
    warnings: histories.warnings,
  };
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

/** Exports can list a ticket twice (an update between pages); the latest version wins. */
function dedupeTickets(tickets: readonly Ticket[]): Ticket[] {
  const byId = new Map<string, Ticket>();
  for (const t of tickets) {
    const seen = byId.get(t.id);
    if (seen === undefined || t.updatedAt >= seen.updatedAt) byId.set(t.id, t);
  }
  return [...byId.values()];
}

function mergeSorted(a: readonly TicketEvent[], b: readonly TicketEvent[]): TicketEvent[] {
  if (b.length === 0) return [...a];
  // Stable sort keeps each source's own order for events at the same instant.
  return [...a, ...b].sort((x, y) => x.at - y.at);
}
