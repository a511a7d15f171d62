import { z } from 'zod';
import { WireFieldValueSchema } from '../field-value.js';
import { describeIssues } from '../../zod-issues.js';

/*
 * Raw Freshdesk v2 payloads. Objects are loose because Freshdesk adds fields without notice (the
 * fixtures alone show two ticket shapes); only the fields the mapping reads are checked, strictly,
 * so a bad record is quarantined with the path of the offending field.
 */

/**
 * A Freshdesk id as a string. Ids are 11-digit integers today; JSON numbers are accepted only while
 * they are safe integers, because past 2^53 the digits are already lost and ids would collide.
 */
export const FreshdeskIdSchema = z
  .union(
    [
      z.number().int('expected a safe integer id'),
      z.string().regex(/^\d+$/, 'expected a numeric id'),
    ],
    { error: 'expected a Freshdesk id (an integer or a numeric string)' },
  )
  .transform((id) => String(id));

const NullableIdSchema = FreshdeskIdSchema.nullish().transform((id) => id ?? null);

/** An ISO-8601 instant; Freshdesk sends `Z` today, older payloads carry offsets (`+10:00`). */
export const FreshdeskTimestampSchema = z.iso.datetime({ offset: true });

const NullableTimestampSchema = FreshdeskTimestampSchema.nullish().transform((t) => t ?? null);

/** A custom-field value as the domain's FieldValue; never fails, unknown shapes become JSON text. */
const FieldValueSchema = WireFieldValueSchema;

/** `include=stats`: only the latest instant of each kind (metrics.md §16.10). */
export const FreshdeskStatsSchema = z.looseObject({
  first_responded_at: NullableTimestampSchema,
  agent_responded_at: NullableTimestampSchema,
  requester_responded_at: NullableTimestampSchema,
  status_updated_at: NullableTimestampSchema,
  pending_since: NullableTimestampSchema,
  resolved_at: NullableTimestampSchema,
  closed_at: NullableTimestampSchema,
  reopened_at: NullableTimestampSchema,
});
export type FreshdeskStats = z.infer<typeof FreshdeskStatsSchema>;

/** A ticket from `GET /api/v2/tickets` or `GET /api/v2/tickets/{id}`. */
export const FreshdeskTicketSchema = z.looseObject({
  id: FreshdeskIdSchema,
  // Kept numeric: the status table (2–5 built in, ≥ 6 custom) is applied by the mapping.
  status: z.number().int(),
  source: z.number().int(),
  priority: z.number().int().nullish(),
  subject: z.string().nullish(),
  requester_id: FreshdeskIdSchema,
  responder_id: NullableIdSchema,
  group_id: NullableIdSchema,
  company_id: NullableIdSchema,
  product_id: NullableIdSchema,
  tags: z
    .array(z.string())
    .nullish()
    .transform((tags) => tags ?? []),
  custom_fields: z
    .record(z.string(), FieldValueSchema)
    .nullish()
    .transform((fields) => fields ?? {}),
  deleted: z.boolean().nullish(),
  created_at: FreshdeskTimestampSchema,
  updated_at: FreshdeskTimestampSchema,
  stats: FreshdeskStatsSchema.nullish(),
});
export type FreshdeskTicket = z.infer<typeof FreshdeskTicketSchema>;

/** One conversation (reply, note, incoming message) of a ticket; the description is not one. */
export const FreshdeskConversationSchema = z.looseObject({
  id: FreshdeskIdSchema,
  incoming: z.boolean(),
  private: z.boolean(),
  source: z.number().int().nullish(),
  user_id: NullableIdSchema,
  created_at: FreshdeskTimestampSchema,
});
export type FreshdeskConversation = z.infer<typeof FreshdeskConversationSchema>;

/** A time entry; `time_spent` is the string "hh:mm" (hours may exceed 99). */
export const FreshdeskTimeEntrySchema = z.looseObject({
  id: FreshdeskIdSchema,
  ticket_id: FreshdeskIdSchema,
  agent_id: NullableIdSchema,
  time_spent: z.string().regex(/^\d+:[0-5]\d$/, 'expected "hh:mm"'),
  timer_running: z.boolean(),
  executed_at: NullableTimestampSchema,
  created_at: FreshdeskTimestampSchema,
  updated_at: FreshdeskTimestampSchema,
});
export type FreshdeskTimeEntry = z.infer<typeof FreshdeskTimeEntrySchema>;

/** A satisfaction rating; `ratings` maps question keys to codes (103 … -103). */
export const FreshdeskSatisfactionRatingSchema = z.looseObject({
  id: FreshdeskIdSchema,
  ticket_id: FreshdeskIdSchema,
  user_id: NullableIdSchema,
  agent_id: NullableIdSchema,
  group_id: NullableIdSchema,
  survey_id: NullableIdSchema,
  ratings: z.record(z.string(), z.number().int()),
  created_at: FreshdeskTimestampSchema,
  updated_at: FreshdeskTimestampSchema,
});
export type FreshdeskSatisfactionRating = z.infer<typeof FreshdeskSatisfactionRatingSchema>;

/** An agent; the name lives on the embedded contact. */
export const FreshdeskAgentSchema = z.looseObject({
  id: FreshdeskIdSchema,
  contact: z.looseObject({ name: z.string().nullish() }).nullish(),
  updated_at: FreshdeskTimestampSchema,
});
export type FreshdeskAgent = z.infer<typeof FreshdeskAgentSchema>;

/** A contact (customer). */
export const FreshdeskContactSchema = z.looseObject({
  id: FreshdeskIdSchema,
  name: z.string().nullish(),
  company_id: NullableIdSchema,
  updated_at: FreshdeskTimestampSchema,
});
export type FreshdeskContact = z.infer<typeof FreshdeskContactSchema>;

/** A company. */
export const FreshdeskCompanySchema = z.looseObject({
  id: FreshdeskIdSchema,
  name: z.string(),
  updated_at: FreshdeskTimestampSchema,
});
export type FreshdeskCompany = z.infer<typeof FreshdeskCompanySchema>;

const DayHoursSchema = z.looseObject({ start_time: z.string(), end_time: z.string() });

/** A business-hours configuration; `business_hours` is absent/null for 24×7 calendars. */
export const FreshdeskBusinessHoursSchema = z.looseObject({
  id: FreshdeskIdSchema,
  name: z.string(),
  time_zone: z.string().min(1),
  business_hours: z.record(z.string(), DayHoursSchema).nullish(),
  // Not part of every payload; when present, dates are "YYYY-MM-DD" or annual "Mon DD".
  holiday_list: z
    .array(z.looseObject({ name: z.string(), date: z.string() }))
    .nullish()
    .transform((holidays) => holidays ?? []),
});
export type FreshdeskBusinessHours = z.infer<typeof FreshdeskBusinessHoursSchema>;

/** A contact field definition; custom fields are addressed by `name` in `custom_fields`. */
export const FreshdeskContactFieldSchema = z.looseObject({
  id: FreshdeskIdSchema,
  name: z.string(),
  label: z.string().nullish(),
});
export type FreshdeskContactField = z.infer<typeof FreshdeskContactFieldSchema>;

/** The outcome of checking one raw record: the parsed value, or a reason naming each bad path. */
export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Validates one record; a failure carries every issue with its path, never throws. */
export function parseRecord<T>(schema: z.ZodType<T>, raw: unknown): ParseOutcome<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const reason = describeIssues(result.error.issues, '(root)').join('; ');
  return { ok: false, reason: `schema mismatch: ${reason}` };
}

/** The record's `id` as a string when one can be read, for quarantine reports. */
export function rawIdOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const id: unknown = raw.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : null;
}
