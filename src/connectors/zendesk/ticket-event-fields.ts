import type { TicketEvent } from '../../domain/index.js';
import { parseSeconds } from './map-fields.js';
import { parseSurveyScore, surveyFieldResponse, type SurveyFieldKind } from './survey-fields.js';
import type { ZendeskMappingOptions } from './map.js';
import { ZendeskFieldValueSchema, ZendeskIdSchema, ZendeskStatusSchema } from './schemas.js';

/** The update a child event sits in, as far as mapping needs it. */
export interface UpdateContext {
  readonly update: { id: string; ticket_id: string; updater_id?: string | null | undefined };
  /** The update's instant (epoch ms). */
  readonly at: number;
  readonly options: ZendeskMappingOptions;
}

/** A Create/Change child reduced to one field: the keyed and the `field_name` forms alike. */
export interface FieldChild {
  id: string;
  type: 'Create' | 'Change';
  /** `status`, `assignee_id`…, or the numeric id of a custom ticket field. */
  name: string;
  value: unknown;
  previous: unknown;
}

/** Keys of a Create/Change child that are not the changed field. */
const META_KEYS = new Set([
  'id',
  'event_type',
  'type',
  'via',
  'via_reference_id',
  'previous_value',
  'created_at',
  'updated_at',
  'audit_id',
  'ticket_id',
  'timestamp',
  'system',
]);

/** Fields every event of an update shares; a child's own timestamp wins over the update's. */
export function baseOf(
  ctx: UpdateContext,
  childId: string,
  createdAt: string | null | undefined,
): Pick<TicketEvent, 'id' | 'ticketId' | 'at' | 'actorId'> {
  return {
    id: `${ctx.update.id}:${childId}`,
    ticketId: ctx.update.ticket_id,
    at: createdAt == null ? ctx.at : Date.parse(createdAt),
    actorId: ctx.update.updater_id ?? null,
  };
}

/**
 * Reads which field a Create/Change child sets. The export keys the value by field
 * (`"status": "open"`, `"custom_fields_360001": "60"`); an older form carries `field_name` and
 * `value`. Returns a reason string when the field cannot be told.
 */
export function readFieldChild(
  child: { id: string; event_type: string } & Record<string, unknown>,
): FieldChild | string {
  const type = child.event_type === 'Create' ? 'Create' : 'Change';
  // A Create has no previous value even if a client sends one.
  const previous = type === 'Create' ? null : child['previous_value'];
  const named = child['field_name'];
  if (typeof named === 'string' || typeof named === 'number') {
    const name = String(named);
    if (name === '') return 'field_name is empty';
    return { id: child.id, type, name, value: child['value'], previous };
  }
  const keys = Object.keys(child).filter((key) => !META_KEYS.has(key));
  const [key] = keys;
  if (key === undefined || keys.length > 1) {
    return `expected one changed field, found ${keys.length === 0 ? 'none' : keys.join(', ')}`;
  }
  const custom = /^custom_fields?_(\d+)$/.exec(key);
  return { id: child.id, type, name: custom?.[1] ?? key, value: child[key], previous };
}

/**
 * Maps one field child to at most one event, with the conventions of map-fields.ts: the time
 * tracking total becomes a handle_time delta, the CES field a survey_answer. Returns a reason
 * string for a malformed value, null when the child yields no event.
 */
export function mapFieldChild(ctx: UpdateContext, field: FieldChild): TicketEvent | null | string {
  const base = baseOf(ctx, field.id, null);
  const { timeFieldId, cesFieldId, npsFieldId } = ctx.options;
  switch (field.name) {
    case 'status': {
      const to = ZendeskStatusSchema.safeParse(field.value);
      const from =
        field.previous == null ? null : ZendeskStatusSchema.safeParse(field.previous).data;
      if (!to.success) return `status: expected a ticket status, got ${show(field.value)}`;
      if (from === undefined)
        return `previous_value: expected a status, got ${show(field.previous)}`;
      return { ...base, type: 'status_change', from: from, to: to.data };
    }
    case 'assignee_id':
    case 'group_id': {
      const from = optionalId(field.previous);
      const to = optionalId(field.value);
      if (from === undefined || to === undefined) return `${field.name}: expected ids`;
      const type = field.name === 'assignee_id' ? 'assignee_change' : 'group_change';
      return { ...base, type, from, to };
    }
    case 'schedule_id': {
      // A trigger applying a business-hours schedule; null clears it (the account default).
      const scheduleId = optionalId(field.value);
      if (scheduleId === undefined)
        return `schedule_id: expected a schedule id, got ${show(field.value)}`;
      return { ...base, type: 'schedule_change', scheduleId };
    }
    case timeFieldId: {
      // Each update carries the total before and after, so the delta needs no earlier page.
      const total = seconds(field.value);
      const before = seconds(field.previous);
      if (total === null || before === null) {
        return `time field: expected seconds, got ${show(field.previous)} → ${show(field.value)}`;
      }
      if (total === before) return null;
      const agentId = ctx.update.updater_id ?? null;
      const source = 'time_tracking_field';
      return { ...base, type: 'handle_time', agentId, seconds: total - before, source };
    }
    case cesFieldId:
    case npsFieldId: {
      // Clearing the field is not an answer; a value off the scale is skipped as map-fields does.
      const kind: SurveyFieldKind = field.name === cesFieldId ? 'ces' : 'nps';
      if (field.value == null || field.value === '') return null;
      const value = parseSurveyScore(kind, field.value);
      if (value === null) return null;
      const { update } = ctx;
      // The export does not say who requested the ticket; the ticket stream does.
      const ticket = { id: update.ticket_id, requesterId: null };
      const id = `${kind}:${update.ticket_id}:${update.id}:${field.id}`;
      const response = surveyFieldResponse(kind, ticket, id, field.name, value, base.at);
      return { ...base, type: 'survey_answer', response };
    }
    default:
      return {
        ...base,
        type: 'field_change',
        field: field.name,
        from: ZendeskFieldValueSchema.parse(field.previous),
        to: ZendeskFieldValueSchema.parse(field.value),
      };
  }
}

/** A cleared total counts as 0 so the deltas still sum to the field's final value. */
function seconds(value: unknown): number | null {
  return value == null || value === '' ? 0 : parseSeconds(value);
}

/** null for a cleared id (Zendesk writes null, some exports ""), undefined when malformed. */
function optionalId(value: unknown): string | null | undefined {
  if (value == null || value === '') return null;
  return ZendeskIdSchema.safeParse(value).data;
}

function show(value: unknown): string {
  // JSON.stringify returns undefined for undefined, despite its declared type.
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
