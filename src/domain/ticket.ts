import { z } from 'zod';
import { IdSchema, InstantSchema } from './primitives.js';

export const TICKET_STATUSES = [
  'new',
  'open',
  'pending',
  'hold',
  'solved',
  'closed',
  'deleted',
] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

/** Statuses in which the ticket still needs work: it counts in the backlog. */
export const UNSOLVED_STATUSES: ReadonlySet<TicketStatus> = new Set([
  'new',
  'open',
  'pending',
  'hold',
]);
/** Statuses that count as resolved (metrics.md §0.4: the solved set is {solved, closed}). */
export const SOLVED_STATUSES: ReadonlySet<TicketStatus> = new Set(['solved', 'closed']);

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

/** A custom field's value as helpdesks deliver it (dropdown tag, number-as-string, bool, multi-select). */
export const FieldValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.null(),
]);
export type FieldValue = z.infer<typeof FieldValueSchema>;

/** The longest first-message excerpt kept: enough for text grouping, not a comment archive. */
export const FIRST_MESSAGE_MAX = 1000;

/** A description cut to {@link FIRST_MESSAGE_MAX} characters (code points), or null when blank. */
export function firstMessageExcerpt(description: string | null | undefined): string | null {
  const text = description?.trim() ?? '';
  if (text === '') return null;
  return Array.from(text).slice(0, FIRST_MESSAGE_MAX).join('');
}

/** A normalised, helpdesk-neutral ticket as of its latest known update. */
export const TicketSchema = z.object({
  id: IdSchema,
  status: TicketStatusSchema,
  subject: z.string().nullable(),
  /** Channel at creation (Zendesk `via.channel`, Freshdesk `source`), lower-case. */
  channel: z.string().min(1),
  requesterId: IdSchema,
  submitterId: IdSchema.nullable(),
  organizationId: IdSchema.nullable(),
  assigneeId: IdSchema.nullable(),
  groupId: IdSchema.nullable(),
  brandId: IdSchema.nullable(),
  priority: PrioritySchema.nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), FieldValueSchema),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  /** The business-hours schedule in force at creation, when the helpdesk says which one. */
  scheduleId: IdSchema.nullable(),
  /** The ticket form (Zendesk `ticket_form_id`); absent where the helpdesk has no forms. */
  formId: IdSchema.nullable().optional(),
  /**
   * The start of the ticket's description (its first comment, usually the customer's message),
   * at most {@link FIRST_MESSAGE_MAX} characters: recurring problems are found in it. Absent
   * when the helpdesk sends none.
   */
  firstMessage: z.string().optional(),
});
export type Ticket = z.infer<typeof TicketSchema>;
