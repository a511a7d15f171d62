import type { SurveyResponse, TicketEvent, TicketStatus } from '../../domain/index.js';
import {
  malformed,
  baseOf,
  type AuditContext,
  type EventBase,
  type HistoryState,
} from './map-context.js';
import {
  parseSurveyScore,
  surveyFieldAnswer,
  surveyFieldResponse,
  type SurveyFieldKind,
} from './survey-fields.js';
import {
  ZendeskFieldValueSchema,
  ZendeskIdSchema,
  ZendeskStatusSchema,
  type ZendeskFieldEvent,
} from './schemas.js';

/**
 * Maps a Create/Change event to at most one domain event (null when it yields none), recording
 * CES answers and warnings in `state` on the way.
 */
export function mapFieldEvent(
  state: HistoryState,
  ctx: AuditContext,
  ev: ZendeskFieldEvent,
): TicketEvent | null {
  const base = baseOf(ctx, ev.id, ev.created_at);
  // A Create event has no previous value even if a client sends one.
  const previous = ev.type === 'Create' ? null : ev.previous_value;
  const { timeFieldId, cesFieldId, npsFieldId } = state.options;
  switch (ev.field_name) {
    case 'status':
      if (ev.type === 'Create') state.sawStatusCreate = true;
      return {
        ...base,
        type: 'status_change',
        from: previous == null ? null : status(ctx, 'previous_value', previous),
        to: status(ctx, 'value', ev.value),
      };
    case 'assignee_id':
    case 'group_id':
      return {
        ...base,
        type: ev.field_name === 'assignee_id' ? 'assignee_change' : 'group_change',
        from: optionalId(ctx, 'previous_value', previous),
        to: optionalId(ctx, 'value', ev.value),
      };
    case 'schedule_id':
      // A trigger applying a business-hours schedule; null clears it (the account default).
      return { ...base, type: 'schedule_change', scheduleId: optionalId(ctx, 'value', ev.value) };
    case timeFieldId:
      return handleTime(state, ctx, base, ev.value);
    case cesFieldId:
      return surveyFieldAnswer('ces', state, { ...ctx, fieldId: ev.field_name }, base, ev.value);
    case npsFieldId:
      return surveyFieldAnswer('nps', state, { ...ctx, fieldId: ev.field_name }, base, ev.value);
    default:
      return {
        ...base,
        type: 'field_change',
        field: ev.field_name,
        from: ZendeskFieldValueSchema.parse(previous),
        to: ZendeskFieldValueSchema.parse(ev.value),
      };
  }
}

function status(ctx: AuditContext, key: string, value: unknown): TicketStatus {
  const result = ZendeskStatusSchema.safeParse(value);
  if (result.success) return result.data;
  throw malformed(ctx, [`${key}: expected a ticket status, got ${JSON.stringify(value)}`]);
}

function optionalId(ctx: AuditContext, key: string, value: unknown): string | null {
  // Zendesk writes a cleared assignee or group as null, and some exports as "".
  if (value == null || value === '') return null;
  const result = ZendeskIdSchema.safeParse(value);
  if (result.success) return result.data;
  throw malformed(ctx, [
    `${key}: expected a user, group or schedule id, got ${JSON.stringify(value)}`,
  ]);
}

function handleTime(
  state: HistoryState,
  ctx: AuditContext,
  base: EventBase,
  value: unknown,
): TicketEvent | null {
  // A cleared total counts as 0 so the deltas still sum to the field's final value.
  const total = value == null || value === '' ? 0 : parseSeconds(value);
  if (total === null) {
    throw malformed(ctx, [
      `value: expected a time-tracking total in seconds, got ${JSON.stringify(value)}`,
    ]);
  }
  const seconds = total - state.timeTotal;
  state.timeTotal = total;
  if (seconds === 0) return null;
  state.sawHandleTime = true;
  return {
    ...base,
    type: 'handle_time',
    agentId: ctx.audit.author_id,
    seconds,
    source: 'time_tracking_field',
  };
}

/** Seconds from a numeric field value (numbers arrive as strings); null when not a count. */
export function parseSeconds(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Falls back to the ticket's own field values when the audits never showed them change. */
export function addSnapshotFallbacks(state: HistoryState): void {
  const { ticket, options } = state;
  const base = { ticketId: ticket.id, at: ticket.updatedAt, actorId: null };
  const answered = (kind: SurveyResponse['kind']) => state.surveys.some((r) => r.kind === kind);
  const fields: [SurveyFieldKind, string | null | undefined][] = [
    ['ces', options.cesFieldId],
    ['nps', options.npsFieldId],
  ];
  for (const [kind, fieldId] of fields) {
    if (fieldId == null || answered(kind)) continue;
    const score = parseSurveyScore(kind, ticket.customFields[fieldId]);
    if (score === null) continue;
    const id = `${kind}:${ticket.id}:snapshot`;
    const response = surveyFieldResponse(kind, ticket, id, fieldId, score, ticket.updatedAt);
    state.surveys.push(response);
    state.events.push({
      ...base,
      id: `${ticket.id}:${kind}-snapshot`,
      type: 'survey_answer',
      response,
    });
  }
  if (options.timeFieldId !== null && !state.sawHandleTime) {
    const total = parseSeconds(ticket.customFields[options.timeFieldId]);
    if (total !== null && total > 0) {
      state.events.push({
        ...base,
        id: `${ticket.id}:time-snapshot`,
        type: 'handle_time',
        agentId: null,
        seconds: total,
        source: 'time_tracking_field',
      });
    }
  }
}
