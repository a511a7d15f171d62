import { createHash } from 'node:crypto';
import { withAssignedSchedule } from '../../metrics/assigned-schedule.js';
import type {
  Id,
  Instant,
  LocalDate,
  Schedule,
  SlaPolicy,
  Ticket,
  TicketEvent,
} from '../../domain/index.js';
import { rollupInstants } from '../../metrics/rollup-instants.js';
import { createBusinessCalendar } from '../../metrics/business-calendar.js';
import type { BusinessCalendar } from '../../metrics/business-calendar.js';
import { effortInputsOf, estimateEffort, REPEAT_CONTACT_WINDOW_MS } from '../../metrics/effort.js';
import { evaluateSla } from '../../metrics/sla.js';
import { latestCes } from '../../metrics/summary.js';
import type { CalendarSet } from '../../metrics/ticket-clock.js';
import { computeTicketMetrics } from '../../metrics/ticket-metrics.js';
import type { TicketMetrics } from '../../metrics/types.js';
import type { JobPayload } from '../../queue/catalog.js';
import type { JobProducer } from '../../queue/queue.js';
import type {
  SlaInstanceTimes,
  StoredTimeline,
  TicketMetricsDims,
  TicketMetricsWrite,
  AlertStore,
  AnalysisSettingsStore,
  ApiStoreQueries,
  InstallationStore,
  OutboxStore,
  RollupStore,
  ScheduleStore,
  SummaryStore,
  SummaryVersionStore,
  BulkSummaryStore,
  AnalysisReads,
  TicketStamp,
  SyncPassQueries,
  TicketMetricsStore,
  TimelineStore,
  ForecastStore,
  KpiReads,
  NameQueries,
  SyncStore,
  HealthStore,
  TimelinePackStore,
} from '../../store/store.js';
import { requestDrain } from './drains.js';
import { slaPolicyOf } from '../sidebar/settings.js';
import { localDayOfCached } from '../../metrics/local-day.js';

/** What the analysis services need; `now` is injected so recomputation is reproducible. */
export interface AnalysisDeps {
  store: AlertStore &
    AnalysisSettingsStore &
    ApiStoreQueries &
    ForecastStore &
    InstallationStore &
    KpiReads &
    NameQueries &
    OutboxStore &
    RollupStore &
    ScheduleStore &
    SummaryStore &
    SummaryVersionStore &
    BulkSummaryStore &
    AnalysisReads &
    SyncPassQueries &
    SyncStore &
    TicketMetricsStore &
    TimelineStore &
    HealthStore &
    TimelinePackStore;
  producer: JobProducer;
  now: () => number;
  /** IANA zone whose local days bucket the rollups. */
  reportingTimeZone: string;
  /** Reopen-rate window (REOPEN_WINDOW_DAYS); metrics.md's 7 days when absent. */
  reopenWindowDays?: number;
  /** How long a drain owns the outbox rows it claimed (drains.ts's DRAIN_LEASE_MS when absent). */
  drainLeaseMs?: number;
}

/** Bump when a metric definition changes, so stale stored rows can be found and recomputed. */
export const ENGINE_VERSION = 2;

// Enough history for the 7-day repeat-contact count of anyone but a very chatty requester.
export const REPEAT_LOOKUP_LIMIT = 50;
const CALENDAR_CACHE_SIZE = 256;

// Building a calendar expands its year windows; a recompute of the same schedule reuses it.
const calendarCache = new Map<string, BusinessCalendar>();

/**
 * A ticket's computed metrics, the dims stored beside them and the version of the timeline they
 * were computed from, which decides which of two analyses a save keeps.
 */
export type TicketAnalysis = TicketMetricsWrite;

/** What analysing one timeline needs besides the timeline. */
export interface AnalysisContext {
  now: Instant;
  calendars: CalendarSet;
  /** The requester's newest tickets (any order), for the 7-day repeat contacts. */
  recent: readonly { ticket: TicketStamp }[];
  /** The installation's SLA policy (settings), or null when none is set. */
  slaPolicy: SlaPolicy | null;
}

/**
 * Computes one stored timeline's metrics, effort and SLA target instances as of `now`; repeat
 * contacts are those of `recent` before this ticket.
 */
export function analyzeTimeline(stored: StoredTimeline, context: AnalysisContext): TicketAnalysis {
  const events = mergedEvents(stored);
  const ticket = withAssignedSchedule(stored.ticket, events);
  const metrics = computeTicketMetrics(
    { ticket, events },
    { now: context.now, calendars: context.calendars },
  );
  const effort = estimateEffort(
    effortInputsOf(metrics, repeatContactsBefore(ticket, context.recent)),
  );
  const sla =
    context.slaPolicy === null ? null : slaTimes(metrics, ticket, context.slaPolicy, context);
  return {
    metrics,
    timelineVersion: stored.timelineVersion,
    dims: {
      requesterId: ticket.requesterId,
      organizationId: ticket.organizationId,
      groupId: ticket.groupId,
      assigneeId: ticket.assigneeId,
      channel: ticket.channel,
      brandId: ticket.brandId,
      tags: ticket.tags,
      ces: latestCes(metrics.surveys),
      effortScore: effort.score,
      computedAt: context.now,
      engineVersion: ENGINE_VERSION,
      ...(sla === null ? {} : { sla }),
    },
  };
}

/** The business calendar a ticket's clocks use: its own schedule's, else the account default. */
export function calendarOf(ticket: Ticket, calendars: CalendarSet): BusinessCalendar | null {
  const own = ticket.scheduleId === null ? undefined : calendars.byId.get(ticket.scheduleId);
  return own ?? calendars.defaultCalendar;
}

/**
 * The ticket's SLA target instances, as the times that decide their outcome later (instances
 * paused with nothing fulfilled have none until an event re-analyses the ticket).
 */
function slaTimes(
  metrics: TicketMetrics,
  ticket: Ticket,
  policy: SlaPolicy,
  context: AnalysisContext,
): SlaInstanceTimes[] {
  const calendar = calendarOf(ticket, context.calendars);
  return evaluateSla(metrics, ticket.priority, policy, calendar, context.now)
    .filter((i) => i.breachAt !== null || i.fulfilledAt !== null)
    .map(({ metric, breachAt, fulfilledAt }) => ({ metric, breachAt, fulfilledAt }));
}

/** The local days (reporting zone) whose rollups hold either version of a ticket's metrics. */
export function touchedDays(
  versions: readonly (AnalysedVersion | undefined)[],
  timeZone: string,
): Set<LocalDate> {
  const days = new Set<LocalDate>();
  for (const version of versions) {
    if (version === undefined) continue;
    for (const at of rollupInstants(version.metrics, version.dims.sla))
      days.add(localDayOfCached(at, timeZone));
  }
  return days;
}

/** A stored or fresh analysis of a ticket, as far as the rollup days it touches go. */
export interface AnalysedVersion {
  metrics: TicketMetrics;
  dims: Pick<TicketMetricsDims, 'sla'>;
}

/**
 * Recomputes one ticket's metrics as of `now` (the webhook path, where freshness matters), stores
 * them with their slicing dims, then enqueues the requester's summary directly and marks every
 * local day the metrics touch, before and after (a reopen also removes the ticket from the day it
 * had been solved on), for the rollups drain. Returns the metrics, or null when the ticket is
 * unknown.
 */
export async function analyzeTicket(
  deps: AnalysisDeps,
  payload: JobPayload<'ticket.analyze'>,
): Promise<TicketMetrics | null> {
  const { store } = deps;
  const { installationId, ticketId } = payload;
  const stored = await store.getTicketTimeline(installationId, ticketId);
  if (stored === null) return null;
  const now = deps.now();
  const { requesterId } = stored.ticket;
  // Independent reads, at once: an agent may be waiting for this ticket (issue 16), and each
  // sequential round trip costs a scheduling delay on a loaded database host.
  const [schedules, recent, installation, previous] = await Promise.all([
    store.listSchedules(installationId),
    store.listRequesterTickets(installationId, requesterId, REPEAT_LOOKUP_LIMIT),
    store.getInstallation(installationId),
    store.getTicketMetrics(installationId, ticketId),
  ]);
  const calendars = calendarSetFor(installationId, schedules);
  const slaPolicy = installation === null ? null : slaPolicyOf(installation.settings);
  const analysis = analyzeTimeline(stored, { now, calendars, recent, slaPolicy });
  const { metrics, dims } = analysis;
  // The what-if replay's compact copy of the timeline (migration 019), whichever save wins; the
  // two writes are independent transactions, so they commit side by side.
  const [, saved] = await Promise.all([
    store.saveTimelinePacks(installationId, [ticketId]),
    store.saveTicketMetrics(installationId, analysis),
  ]);
  // An analysis of a newer timeline already won: its own job took care of the follow-ups.
  if (!saved) return metrics;
  await deps.producer.enqueue('requester.summarize', { installationId, requesterId });
  const days = touchedDays([previous ?? undefined, { metrics, dims }], deps.reportingTimeZone);
  await store.markPending(installationId, 'day', [...days]);
  await requestDrain(deps.producer, 'rollups.drain', installationId, now);
  return metrics;
}

/**
 * The calendars of an installation's schedules, default = the first one (Zendesk's account
 * default comes first). Cached by installation and schedule content, so an edited schedule gets
 * a fresh calendar while an unchanged one is never rebuilt.
 */
export function calendarSetFor(installationId: string, schedules: readonly Schedule[]) {
  const byId = new Map<Id, BusinessCalendar>();
  for (const schedule of schedules) byId.set(schedule.id, cachedCalendar(installationId, schedule));
  const first = schedules[0];
  const set: CalendarSet = {
    defaultCalendar: first === undefined ? null : (byId.get(first.id) ?? null),
    byId,
  };
  return set;
}

function cachedCalendar(installationId: string, schedule: Schedule): BusinessCalendar {
  const hash = createHash('sha256').update(JSON.stringify(schedule)).digest('base64url');
  const key = `${installationId}/${hash}`;
  const hit = calendarCache.get(key);
  if (hit !== undefined) {
    // Re-insert so Map order tracks recency: the first key is always the least recently used.
    calendarCache.delete(key);
    calendarCache.set(key, hit);
    return hit;
  }
  const calendar = createBusinessCalendar(schedule);
  calendarCache.set(key, calendar);
  if (calendarCache.size > CALENDAR_CACHE_SIZE) {
    const oldest = calendarCache.keys().next();
    if (oldest.done !== true) calendarCache.delete(oldest.value);
  }
  return calendar;
}

/**
 * Events plus the separately stored handle-time entries and survey answers, in time order
 * (a stable sort keeps same-instant events in arrival order, as the engine expects).
 */
function mergedEvents(stored: StoredTimeline): TicketEvent[] {
  const seenAnswers = new Set<Id>();
  for (const e of stored.events) if (e.type === 'survey_answer') seenAnswers.add(e.response.id);
  const extra: TicketEvent[] = [
    ...stored.handleTimeEntries.map((h): TicketEvent => ({
      id: `handle-time-${h.id}`,
      ticketId: h.ticketId,
      at: h.loggedAt,
      actorId: h.agentId,
      type: 'handle_time',
      agentId: h.agentId,
      seconds: h.seconds,
      source: h.source,
    })),
    ...stored.surveyAnswers
      .filter((a) => !seenAnswers.has(a.id))
      .map((a): TicketEvent => ({
        id: `survey-${a.id}`,
        ticketId: stored.ticket.id,
        at: a.respondedAt,
        actorId: a.requesterId,
        type: 'survey_answer',
        response: a,
      })),
  ];
  if (extra.length === 0) return stored.events;
  return [...stored.events, ...extra].sort((a, b) => a.at - b.at);
}

/** Other tickets the requester opened in the 7 days before this one (ties broken by id). */
function repeatContactsBefore(
  ticket: { id: Id; createdAt: Instant },
  recent: readonly { ticket: TicketStamp }[],
): number {
  return recent.filter(({ ticket: other }) => {
    if (other.id === ticket.id) return false;
    if (other.createdAt < ticket.createdAt - REPEAT_CONTACT_WINDOW_MS) return false;
    return (
      other.createdAt < ticket.createdAt ||
      (other.createdAt === ticket.createdAt && other.id < ticket.id)
    );
  }).length;
}
