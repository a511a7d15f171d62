import { TICKET_FIELDS, iso } from './catalog.js';
import type { SimChild, SimSnapshot, SimTicket, SimUpdate } from './model.js';
import { scheduleChildOf } from './schedule-assignment.js';

/**
 * Wire payloads in Zendesk's shapes, derived from the simulator's records. Record faults
 * (malformed, schema drift) are applied here and nowhere else.
 */

type Json = Record<string, unknown>;
type RecordFault = 'malformed' | 'drift' | null;

/** A ticket as the tickets export and `tickets/{id}.json` serve it. */
export function ticketPayload(sim: SimTicket, snap: SimSnapshot, fault: RecordFault = null): Json {
  const payload: Json = {
    url: `https://simulator.zendesk.test/api/v2/tickets/${sim.id}.json`,
    id: sim.id,
    external_id: null,
    via: { channel: sim.channel, source: { from: {}, to: {}, rel: null } },
    created_at: iso(sim.createdAt),
    updated_at: iso(snap.updatedAt),
    generated_timestamp: Math.floor(snap.updatedAt / 1000),
    type: 'question',
    subject: sim.subject,
    raw_subject: sim.subject,
    description: sim.firstMessage,
    priority: snap.priority,
    status: snap.status,
    requester_id: sim.requesterId,
    submitter_id: sim.submitterId,
    assignee_id: snap.assigneeId,
    organization_id: sim.organizationId,
    group_id: snap.groupId,
    brand_id: sim.brandId,
    collaborator_ids: [],
    follower_ids: [],
    tags: [...sim.tags],
    custom_fields: TICKET_FIELDS.map((f) => ({ id: f.id, value: snap.fields.get(f.id) ?? null })),
    satisfaction_rating:
      snap.ratingId === null
        ? { score: snap.satisfaction }
        : { id: snap.ratingId, score: snap.satisfaction },
    from_messaging_channel: sim.channel === 'chat',
  };
  if (fault === 'malformed') {
    payload['status'] = 'not-a-status';
    payload['created_at'] = 'yesterday';
  } else if (fault === 'drift') {
    payload['createdAt'] = payload['created_at'];
    delete payload['created_at'];
    payload['status'] = 3;
  }
  return payload;
}

/** One update as the ticket-events export serves it (keyed child events). */
export function ticketEventPayload(
  sim: SimTicket,
  update: SimUpdate,
  withComments: boolean,
  fault: RecordFault = null,
): Json {
  const children = update.children
    .filter((c) => withComments || c.kind !== 'comment')
    .map((c) => keyedChild(c, update));
  const schedule = scheduleChildOf(sim, update);
  if (schedule !== null) {
    children.push(
      schedule.previous === null
        ? { id: schedule.id, event_type: 'Create', schedule_id: schedule.scheduleId }
        : {
            id: schedule.id,
            event_type: 'Change',
            schedule_id: schedule.scheduleId,
            previous_value: schedule.previous,
          },
    );
  }
  const payload: Json = {
    id: update.id,
    ticket_id: sim.id,
    timestamp: Math.floor(update.at / 1000),
    created_at: iso(update.at),
    updater_id: update.updaterId,
    via: update.via,
    event_type: 'Audit',
    child_events: children,
  };
  if (fault === 'malformed') {
    payload['ticket_id'] = null;
    payload['child_events'] = 'unavailable';
  } else if (fault === 'drift') {
    payload['ticketId'] = payload['ticket_id'];
    delete payload['ticket_id'];
    payload['timestamp'] = iso(update.at);
  }
  return payload;
}

function keyedChild(c: SimChild, update: SimUpdate): Json {
  if (c.kind === 'comment') {
    return {
      id: c.id,
      event_type: 'Comment',
      author_id: c.authorId,
      body: c.body,
      public: c.public,
      created_at: iso(update.at),
    };
  }
  if (c.kind === 'rating')
    return {
      id: c.id,
      event_type: 'SatisfactionRating',
      score: c.score,
      assignee_id: c.assigneeId,
    };
  const out: Json = { id: c.id, event_type: c.create ? 'Create' : 'Change', [c.field]: c.value };
  if (!c.create) out['previous_value'] = c.previous;
  return out;
}

/** One update as `tickets/{id}/audits.json` serves it (`field_name`/`value` form). */
export function auditPayload(sim: SimTicket, update: SimUpdate): Json {
  const events = update.children.map((c): Json => {
    if (c.kind === 'comment') {
      return {
        id: c.id,
        type: 'Comment',
        author_id: c.authorId,
        body: c.body,
        public: c.public,
        created_at: iso(update.at),
      };
    }
    if (c.kind === 'rating')
      return { id: c.id, type: 'SatisfactionRating', score: c.score, assignee_id: c.assigneeId };
    const fieldName = c.field.startsWith('custom_fields_')
      ? c.field.slice('custom_fields_'.length)
      : c.field;
    const out: Json = {
      id: c.id,
      type: c.create ? 'Create' : 'Change',
      field_name: fieldName,
      value: c.value,
    };
    if (!c.create) out['previous_value'] = c.previous;
    return out;
  });
  const schedule = scheduleChildOf(sim, update);
  if (schedule !== null) {
    events.push({
      id: schedule.id,
      type: schedule.previous === null ? 'Create' : 'Change',
      field_name: 'schedule_id',
      value: schedule.scheduleId,
      ...(schedule.previous === null ? {} : { previous_value: schedule.previous }),
    });
  }
  return {
    id: update.id,
    ticket_id: sim.id,
    created_at: iso(update.at),
    author_id: update.updaterId,
    via: { channel: update.via, source: { from: {}, to: {}, rel: null } },
    metadata: { system: {}, custom: {} },
    events,
  };
}
