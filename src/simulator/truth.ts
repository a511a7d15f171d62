import type { AuthorKind, Ticket, TicketEvent, TicketStatus } from '../domain/index.js';
import { CES_FIELD_ID, NPS_FIELD_ID, SYSTEM_USER_ID, TIME_FIELD_ID } from './catalog.js';
import type { SimSnapshot, SimTicket } from './model.js';
import { scheduleChildOf } from './schedule-assignment.js';

/**
 * Ground truth: the normalised ticket and events a correct connector produces from this ticket's
 * wire payloads, assuming it was told the Time Tracking, CES and NPS field ids (it finds them by title
 * in ticket_fields). It mirrors the connector's rules on purpose, written independently, so a
 * divergence is a bug in one of the two.
 */

/** One ticket's expected normalised form. */
export interface TicketTruth {
  ticket: Ticket;
  events: TicketEvent[];
  /** The known problem the ticket's subject and first message are about (text grouping's truth). */
  problem: { id: string; language: 'en' | 'it' };
}

/** Agents and admins are `agent`, the system user is `system`, everyone else is an end-user. */
export function authorKindOf(userId: number): AuthorKind {
  if (userId === SYSTEM_USER_ID) return 'system';
  return userId >= 1001 && userId <= 1020 ? 'agent' : 'end_user';
}

/** Builds the truth for one ticket from its generated record and replayed state. */
export function truthOf(sim: SimTicket, snap: SimSnapshot): TicketTruth {
  const ticketId = String(sim.id);
  const ticket: Ticket = {
    id: ticketId,
    status: snap.status,
    subject: sim.subject,
    channel: sim.channel,
    requesterId: String(sim.requesterId),
    submitterId: String(sim.submitterId),
    organizationId: sim.organizationId === null ? null : String(sim.organizationId),
    assigneeId: snap.assigneeId === null ? null : String(snap.assigneeId),
    groupId: snap.groupId === null ? null : String(snap.groupId),
    brandId: String(sim.brandId),
    priority: snap.priority as Ticket['priority'],
    tags: [...sim.tags],
    customFields: Object.fromEntries([...snap.fields].map(([id, value]) => [String(id), value])),
    createdAt: sim.createdAt,
    updatedAt: snap.updatedAt,
    // Ticket payloads do not name their schedule (the creating update's schedule_id child does),
    // so the connector leaves this null.
    scheduleId: null,
    // The wire's `description`, cut as a connector keeps it (at most 1,000 characters).
    ...(sim.firstMessage.trim() === ''
      ? {}
      : { firstMessage: Array.from(sim.firstMessage.trim()).slice(0, 1000).join('') }),
  };
  const events: TicketEvent[] = [];
  let timeTotal = 0;
  let commentSeen = false;
  for (const [n, update] of sim.updates.entries()) {
    const base = (childId: number) => ({
      id: `${update.id}:${childId}`,
      ticketId,
      at: update.at,
      actorId: String(update.updaterId),
    });
    // Same ordering as the connector: a status Create first, status Changes last.
    const born: TicketEvent[] = [];
    const body: TicketEvent[] = [];
    const statusChanges: TicketEvent[] = [];
    for (const child of update.children) {
      if (child.kind === 'comment') {
        body.push({
          ...base(child.id),
          type: 'comment',
          public: child.public,
          authorId: String(child.authorId),
          authorKind: authorKindOf(child.authorId),
          channel: update.via,
          isCreating: !commentSeen && n === 0,
        });
        commentSeen = true;
      } else if (child.kind === 'rating') {
        const assigneeId = child.assigneeId === null ? null : String(child.assigneeId);
        body.push({ ...base(child.id), type: 'satisfaction', score: child.score, assigneeId });
      } else if (child.field === 'status') {
        const from = child.previous === null ? null : (child.previous as TicketStatus);
        const event: TicketEvent = {
          ...base(child.id),
          type: 'status_change',
          from,
          to: child.value as TicketStatus,
        };
        (child.create ? born : statusChanges).push(event);
      } else if (child.field === 'assignee_id' || child.field === 'group_id') {
        body.push({
          ...base(child.id),
          type: child.field === 'assignee_id' ? 'assignee_change' : 'group_change',
          from: child.previous === null ? null : String(child.previous),
          to: child.value === null ? null : String(child.value),
        });
      } else if (child.field === `custom_fields_${TIME_FIELD_ID}`) {
        const total = Number(child.value ?? 0);
        const seconds = total - timeTotal;
        timeTotal = total;
        if (seconds === 0) continue;
        const agentId = String(update.updaterId);
        body.push({
          ...base(child.id),
          type: 'handle_time',
          agentId,
          seconds,
          source: 'time_tracking_field',
        });
      } else if (child.field === `custom_fields_${CES_FIELD_ID}`) {
        if (child.value === null) continue;
        body.push({
          ...base(child.id),
          type: 'survey_answer',
          response: {
            id: `ces:${ticketId}:${update.id}:${child.id}`,
            ticketId,
            requesterId: String(sim.requesterId),
            kind: 'ces',
            surveyId: 'zendesk_ticket_field',
            questionId: String(CES_FIELD_ID),
            scaleMin: 1,
            scaleMax: 7,
            direction: 'higher_is_better',
            value: Number(child.value),
            respondedAt: update.at,
          },
        });
      } else if (child.field === `custom_fields_${NPS_FIELD_ID}`) {
        if (child.value === null) continue;
        body.push({
          ...base(child.id),
          type: 'survey_answer',
          response: {
            id: `nps:${ticketId}:${update.id}:${child.id}`,
            ticketId,
            requesterId: String(sim.requesterId),
            kind: 'nps',
            surveyId: 'zendesk_ticket_field',
            questionId: String(NPS_FIELD_ID),
            scaleMin: 0,
            scaleMax: 10,
            direction: 'higher_is_better',
            value: Number(child.value),
            respondedAt: update.at,
          },
        });
      } else {
        const field = child.field.startsWith('custom_fields_')
          ? child.field.slice(14)
          : child.field;
        body.push({
          ...base(child.id),
          type: 'field_change',
          field,
          from: child.previous,
          to: child.value,
        });
      }
    }
    // The creating update's schedule assignment comes after its other children, as on the wire.
    const schedule = scheduleChildOf(sim, update);
    if (schedule !== null) {
      body.push({
        ...base(schedule.id),
        type: 'schedule_change',
        scheduleId: String(schedule.scheduleId),
      });
    }
    events.push(...born, ...body, ...statusChanges);
  }
  // Stable sort: equal instants keep update and child order, as the connector's does.
  events.sort((a, b) => a.at - b.at);
  return { ticket, events, problem: { ...sim.problem } };
}
