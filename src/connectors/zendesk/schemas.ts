import { z } from 'zod';
import { WireFieldValueSchema } from '../field-value.js';
import {
  LocalDateSchema,
  PRIORITIES,
  SatisfactionScoreSchema,
  TICKET_STATUSES,
} from '../../domain/index.js';

/*
 * Raw Zendesk payloads. Objects are loose because Zendesk adds fields without notice; only the
 * fields the mapping reads are checked, and those strictly, so a bad record fails with its path.
 */

/**
 * A Zendesk id as a string. JSON numbers are accepted only while they are safe integers: past 2^53
 * the digits are already lost, and silently colliding ids would corrupt every metric, so such ids
 * must reach us as numeric strings (a big-int-aware JSON parser). `-1` is Zendesk's system user.
 */
export const ZendeskIdSchema = z
  .union(
    [
      z.number().int('expected a safe integer id; send ids past 2^53 as numeric strings'),
      z.string().regex(/^-?\d+$/, 'expected a numeric id'),
    ],
    { error: 'expected a Zendesk id (an integer or a numeric string)' },
  )
  .transform((id) => String(id));

const NullableIdSchema = ZendeskIdSchema.nullish().transform((id) => id ?? null);

/** An ISO-8601 instant; Zendesk sends `Z`, offsets are accepted for hand-written or proxied data. */
export const ZendeskTimestampSchema = z.iso.datetime({ offset: true });

/** A ticket status; `on-hold` is the legacy spelling of `hold` still seen in old exports and audits. */
export const ZendeskStatusSchema = z
  .enum([...TICKET_STATUSES, 'on-hold'])
  .transform((status) => (status === 'on-hold' ? 'hold' : status));

/** A custom-field or audit value (see WireFieldValueSchema: never fails, unknown shapes kept as JSON). */
export const ZendeskFieldValueSchema = WireFieldValueSchema;

/** `via` as audits and tickets carry it; only the channel is used. */
export const ZendeskViaSchema = z.looseObject({ channel: z.string().nullish() });

/** A ticket from the tickets API or the incremental ticket export (deleted tickets included). */
export const ZendeskTicketSchema = z.looseObject({
  id: ZendeskIdSchema,
  status: ZendeskStatusSchema,
  subject: z.string().nullish(),
  /** The first comment's text; only its start is kept (recurring-problem grouping). */
  description: z.string().nullish(),
  via: ZendeskViaSchema.nullish(),
  // Required by Zendesk's OpenAPI document and by the domain: per-customer summaries key on it.
  requester_id: ZendeskIdSchema,
  submitter_id: NullableIdSchema,
  organization_id: NullableIdSchema,
  assignee_id: NullableIdSchema,
  group_id: NullableIdSchema,
  brand_id: NullableIdSchema,
  ticket_form_id: NullableIdSchema,
  priority: z
    .enum(PRIORITIES)
    .nullish()
    .transform((priority) => priority ?? null),
  tags: z
    .array(z.string())
    .nullish()
    .transform((tags) => tags ?? []),
  custom_fields: z
    .array(z.looseObject({ id: ZendeskIdSchema, value: ZendeskFieldValueSchema }))
    .nullish()
    .transform((fields) => fields ?? []),
  created_at: ZendeskTimestampSchema,
  updated_at: ZendeskTimestampSchema,
  // Legacy CSAT snapshot; null on plans without CSAT. The only CSAT source when no ratings export.
  satisfaction_rating: z.looseObject({ score: SatisfactionScoreSchema.nullish() }).nullish(),
});
export type ZendeskTicket = z.infer<typeof ZendeskTicketSchema>;

/** One audit event before its type is known; known types are validated by the mapping. */
export const ZendeskAuditEventSchema = z.looseObject({ type: z.string() });

/** One ticket audit (one update of a ticket), from the per-ticket or account-wide audits API. */
export const ZendeskAuditSchema = z.looseObject({
  id: ZendeskIdSchema,
  ticket_id: ZendeskIdSchema,
  created_at: ZendeskTimestampSchema,
  author_id: ZendeskIdSchema,
  via: ZendeskViaSchema.nullish(),
  events: z.array(ZendeskAuditEventSchema),
});
export type ZendeskAudit = z.infer<typeof ZendeskAuditSchema>;

/** A `Create` or `Change` audit event; values stay raw because their type depends on the field. */
export const ZendeskFieldEventSchema = z.looseObject({
  id: ZendeskIdSchema,
  type: z.enum(['Create', 'Change']),
  field_name: z.union([z.string().min(1), z.number()]).transform((name) => String(name)),
  value: z.unknown().optional(),
  previous_value: z.unknown().optional(),
  created_at: ZendeskTimestampSchema.nullish(),
});
export type ZendeskFieldEvent = z.infer<typeof ZendeskFieldEventSchema>;

/** A `Comment` or `VoiceComment` audit event. */
export const ZendeskCommentEventSchema = z.looseObject({
  id: ZendeskIdSchema,
  type: z.enum(['Comment', 'VoiceComment']),
  author_id: ZendeskIdSchema.nullish(),
  public: z.boolean().nullish(),
  created_at: ZendeskTimestampSchema.nullish(),
  via: ZendeskViaSchema.nullish(),
});
export type ZendeskCommentEvent = z.infer<typeof ZendeskCommentEventSchema>;

/** A legacy-CSAT `SatisfactionRating` audit event. */
export const ZendeskSatisfactionEventSchema = z.looseObject({
  id: ZendeskIdSchema,
  type: z.literal('SatisfactionRating'),
  score: SatisfactionScoreSchema,
  assignee_id: ZendeskIdSchema.nullish(),
  created_at: ZendeskTimestampSchema.nullish(),
});
export type ZendeskSatisfactionEvent = z.infer<typeof ZendeskSatisfactionEventSchema>;

/** A user; only the role matters (agent vs end-user decides what counts as a reply). */
export const ZendeskUserSchema = z.looseObject({
  id: ZendeskIdSchema,
  role: z.enum(['end-user', 'agent', 'admin']),
  name: z.string().nullish(),
});
export type ZendeskUser = z.infer<typeof ZendeskUserSchema>;

/** A business-hours schedule; intervals are minutes from Sunday 00:00 in the schedule's zone. */
export const ZendeskScheduleSchema = z.looseObject({
  id: ZendeskIdSchema,
  name: z.string(),
  time_zone: z.string().min(1),
  intervals: z.array(
    z.looseObject({ start_time: z.number().int().nonnegative(), end_time: z.number().int() }),
  ),
  // The schedules API lists holidays separately; callers merge them in when they have them.
  holidays: z
    .array(
      z.looseObject({ name: z.string(), start_date: LocalDateSchema, end_date: LocalDateSchema }),
    )
    .nullish()
    .transform((holidays) => holidays ?? []),
});
export type ZendeskSchedule = z.infer<typeof ZendeskScheduleSchema>;

/** A legacy CSAT rating from `GET /api/v2/satisfaction_ratings`. */
export const ZendeskSatisfactionRatingSchema = z.looseObject({
  id: ZendeskIdSchema,
  ticket_id: ZendeskIdSchema,
  score: SatisfactionScoreSchema,
  assignee_id: NullableIdSchema,
  group_id: NullableIdSchema,
  requester_id: ZendeskIdSchema,
  created_at: ZendeskTimestampSchema,
  updated_at: ZendeskTimestampSchema,
});
export type ZendeskSatisfactionRating = z.infer<typeof ZendeskSatisfactionRatingSchema>;
