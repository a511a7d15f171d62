import { createHash } from 'node:crypto';
import type { Id, Instant, LocalDate, Schedule, TicketEvent } from '../domain/index.js';
import { createBusinessCalendar } from '../metrics/business-calendar.js';
import type { BusinessCalendar } from '../metrics/business-calendar.js';
import { effortInputsOf, estimateEffort, REPEAT_CONTACT_WINDOW_MS } from '../metrics/effort.js';
import { latestCes } from '../metrics/summary.js';
import type { CalendarSet } from '../metrics/ticket-clock.js';
import { computeTicketMetrics } from '../metrics/ticket-metrics.js';
import type { TicketMetrics } from '../metrics/types.js';
import type { JobPayload } from '../queue/catalog.js';
import type { JobProducer } from '../queue/queue.js';
import type { StoredTimeline, TicketStore } from '../store/store.js';
import { localDayOf } from './rollup-day.js';

/** What the analysis services need; `now` is injected so recomputation is reproducible. */
export interface AnalysisDeps {
  store: TicketStore;
  producer: JobProducer;
  now: () => number;
  /** IANA zone whose local days bucket the rollups. */
  reportingTimeZone: string;
}

/** Bump when a metric definition changes, so stale stored rows can be found and recomputed. */
export const ENGINE_VERSION = 1;

// Enough history for the 7-day repeat-contact count of anyone but a very chatty requester.
const REPEAT_LOOKUP_LIMIT = 50;
const CALENDAR_CACHE_SIZE = 256;

// Building a calendar expands its year windows; a recompute of the same schedule reuses it.
const calendarCache = new Map<string, BusinessCalendar>();

/**
 * Recomputes one ticket's metrics as of `now`, stores them with their slicing dims, then enqueues
 * the requester's summary and a rollup for every local day the metrics touch (before and after,
 * so a reopen also removes the ticket from the day it had been solved on). Returns the metrics,
 * or null when the ticket is unknown.
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
  const calendars = calendarSetFor(installationId, await store.listSchedules(installationId));
  const metrics = computeTicketMetrics(
    { ticket: stored.ticket, events: mergedEvents(stored) },
    { now, calendars },
  );
  const { ticket } = stored;
  const repeats = await repeatContactsOf(deps, installationId, ticket.requesterId, ticket);
  const effort = estimateEffort(effortInputsOf(metrics, repeats));
  const previous = await store.getTicketMetrics(installationId, ticketId);
  const saved = await store.saveTicketMetrics(installationId, metrics, {
    requesterId: ticket.requesterId,
    organizationId: ticket.organizationId,
    groupId: ticket.groupId,
    assigneeId: ticket.assigneeId,
    channel: ticket.channel,
    brandId: ticket.brandId,
    tags: ticket.tags,
    ces: latestCes(metrics.surveys),
    effortScore: effort.score,
    computedAt: now,
    engineVersion: ENGINE_VERSION,
  });
  // A newer computation already won: its own job enqueued the follow-ups.
  if (!saved) return metrics;
  await deps.producer.enqueue('requester.summarize', {
    installationId,
    requesterId: ticket.requesterId,
  });
  const days = new Set<LocalDate>();
  for (const m of previous === null ? [metrics] : [previous.metrics, metrics]) {
    for (const at of touchedInstants(m)) days.add(localDayOf(at, deps.reportingTimeZone));
  }
  for (const day of [...days].sort()) {
    await deps.producer.enqueue('rollup.day', { installationId, day });
  }
  return metrics;
}

/** The instants whose local days hold this ticket in some rollup (see rollup-day.ts). */
export function touchedInstants(m: TicketMetrics): Instant[] {
  const instants = [m.createdAt, m.explanation.firstReply?.to, m.firstSolvedAt, m.lastSolvedAt];
  return instants.filter((at): at is Instant => at !== null && at !== undefined);
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
async function repeatContactsOf(
  deps: AnalysisDeps,
  installationId: string,
  requesterId: Id,
  ticket: { id: Id; createdAt: Instant },
): Promise<number> {
  const recent = await deps.store.listRequesterTickets(
    installationId,
    requesterId,
    REPEAT_LOOKUP_LIMIT,
  );
  return recent.filter(({ ticket: other }) => {
    if (other.id === ticket.id) return false;
    if (other.createdAt < ticket.createdAt - REPEAT_CONTACT_WINDOW_MS) return false;
    return (
      other.createdAt < ticket.createdAt ||
      (other.createdAt === ticket.createdAt && other.id < ticket.id)
    );
  }).length;
}
