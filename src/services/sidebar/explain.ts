import type { Id, TicketEvent } from '../../domain/index.js';
import { NotFoundError } from '../../errors.js';
import type {
  NameQueries,
  ScheduleStore,
  TicketMetricsStore,
  TimelineStore,
} from '../../store/store.js';
import { ExplainSchema, type ExplainResponse } from './contracts.js';
import { iso, withIsoInstants } from './iso.js';

/** The metric definitions document, by its path in the repository (what each value means). */
const DEFINITIONS = 'docs/metrics.md';

/**
 * Why a ticket has the numbers it has: the stored metrics and their explanation (the spans and
 * status segments each duration sums), the events they were computed from and the schedules
 * whose business hours applied, with the names of the people, groups and brand in them and where each value is
 * defined. Checked against its contract on the way out. 404 for a ticket this installation does not have.
 */
export async function explainTicket(
  store: NameQueries & ScheduleStore & TicketMetricsStore & TimelineStore,
  installationId: string,
  ticketId: Id,
): Promise<ExplainResponse> {
  const [timeline, stored] = await Promise.all([
    store.getTicketTimeline(installationId, ticketId),
    store.getTicketMetrics(installationId, ticketId),
  ]);
  if (timeline === null) throw new NotFoundError('no such ticket');
  const schedules = await store.listSchedules(installationId);
  const used = new Set(stored?.metrics.explanation.scheduleIds ?? []);
  const { ticket } = timeline;
  const names = await store.listDisplayNames(installationId, {
    userIds: [...mentionedUsers(timeline.events), ticket.requesterId, ticket.assigneeId]
      .concat(timeline.handleTimeEntries.map((h) => h.agentId))
      .filter((id): id is string => id !== null),
    organizationIds: ticket.organizationId === null ? [] : [ticket.organizationId],
    groupIds: [...mentionedGroups(timeline.events), ticket.groupId].filter(
      (id): id is string => id !== null,
    ),
    brandIds: ticket.brandId === null ? [] : [ticket.brandId],
  });
  const { explanation, ...metrics } = stored?.metrics ?? { explanation: null };
  return ExplainSchema.parse({
    ticketId,
    metrics: stored === null ? null : withIsoInstants(metrics),
    computedAt: stored === null ? null : iso(stored.dims.computedAt),
    explanation: explanation === null ? null : withIsoInstants(explanation),
    events: timeline.events.map(eventWithIso),
    handleTimeEntries: timeline.handleTimeEntries.map((h) => ({ ...h, loggedAt: iso(h.loggedAt) })),
    schedules: schedules.filter((s) => used.has(s.id)),
    /** Everyone the events mention, by name, so the timeline never shows bare ids. */
    people: [...names.users]
      .map(([id, name]) => ({ id, name }))
      .sort((x, y) => x.id.localeCompare(y.id)),
    organization:
      ticket.organizationId === null
        ? null
        : {
            id: ticket.organizationId,
            name: names.organizations.get(ticket.organizationId) ?? null,
          },
    groups: [...names.groups]
      .map(([id, name]) => ({ id, name }))
      .sort((x, y) => x.id.localeCompare(y.id)),
    brand:
      ticket.brandId === null
        ? null
        : { id: ticket.brandId, name: names.brands.get(ticket.brandId) ?? null },
    definitionsUrl: DEFINITIONS,
  });
}

/** Every group a group change moves the ticket from or to. */
function mentionedGroups(events: readonly TicketEvent[]): (Id | null)[] {
  return events.flatMap((e) => (e.type === 'group_change' ? [e.from, e.to] : []));
}

/** Every user an event names: its actor, a comment's author, an assignee before and after… */
function mentionedUsers(events: readonly TicketEvent[]): (Id | null)[] {
  return events.flatMap((e) => {
    switch (e.type) {
      case 'comment':
        return [e.actorId, e.authorId];
      case 'assignee_change':
        return [e.actorId, e.from, e.to];
      case 'satisfaction':
        return [e.actorId, e.assigneeId];
      case 'handle_time':
        return [e.actorId, e.agentId];
      default:
        return [e.actorId];
    }
  });
}

// Events are rendered field by field: a field change's from/to may be numbers that are not instants.
function eventWithIso(event: TicketEvent): unknown {
  if (event.type === 'survey_answer') {
    return {
      ...event,
      at: iso(event.at),
      response: { ...event.response, respondedAt: iso(event.response.respondedAt) },
    };
  }
  return { ...event, at: iso(event.at) };
}
