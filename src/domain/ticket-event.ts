import { z } from 'zod';
import { IdSchema, InstantSchema } from './primitives.js';
import { FieldValueSchema, TicketStatusSchema } from './ticket.js';
import { SurveyResponseSchema } from './survey-response.js';
import { HandleTimeSourceSchema } from './handle-time-entry.js';

/** Who wrote a comment, judged at the time of the comment (a later role change never rewrites history). */
export const AuthorKindSchema = z.enum(['agent', 'end_user', 'system']);
export type AuthorKind = z.infer<typeof AuthorKindSchema>;

export const SatisfactionScoreSchema = z.enum(['unoffered', 'offered', 'good', 'bad']);
export type SatisfactionScore = z.infer<typeof SatisfactionScoreSchema>;

const base = {
  /** Stable id of the event in its source (audit event id, conversation id…). */
  id: IdSchema,
  ticketId: IdSchema,
  at: InstantSchema,
  /** The user who made the change, when known. */
  actorId: IdSchema.nullable(),
};

export const StatusChangeEventSchema = z.object({
  ...base,
  type: z.literal('status_change'),
  from: TicketStatusSchema.nullable(),
  to: TicketStatusSchema,
});

export const CommentEventSchema = z.object({
  ...base,
  type: z.literal('comment'),
  public: z.boolean(),
  authorId: IdSchema.nullable(),
  authorKind: AuthorKindSchema,
  /** Channel the comment arrived through (email, web, chat…), for channel-switch effort. */
  channel: z.string().nullable(),
  /** True for the comment that created the ticket; it never counts as a reply. */
  isCreating: z.boolean(),
});

export const AssigneeChangeEventSchema = z.object({
  ...base,
  type: z.literal('assignee_change'),
  from: IdSchema.nullable(),
  to: IdSchema.nullable(),
});

export const GroupChangeEventSchema = z.object({
  ...base,
  type: z.literal('group_change'),
  from: IdSchema.nullable(),
  to: IdSchema.nullable(),
});

export const FieldChangeEventSchema = z.object({
  ...base,
  type: z.literal('field_change'),
  field: z.string().min(1),
  from: FieldValueSchema,
  to: FieldValueSchema,
});

export const SatisfactionEventSchema = z.object({
  ...base,
  type: z.literal('satisfaction'),
  score: SatisfactionScoreSchema,
  /** Assignee at rating time (Zendesk records it), for attribution. */
  assigneeId: IdSchema.nullable(),
});

export const SurveyAnswerEventSchema = z.object({
  ...base,
  type: z.literal('survey_answer'),
  response: SurveyResponseSchema,
});

export const HandleTimeEventSchema = z.object({
  ...base,
  type: z.literal('handle_time'),
  agentId: IdSchema.nullable(),
  /**
   * Seconds added by this entry. Time-tracking totals arrive as deltas of the ticket's total field,
   * so an edit that lowers the total is a negative delta (clamped per agent by the engine).
   */
  seconds: z.number(),
  source: HandleTimeSourceSchema,
});

export const ScheduleChangeEventSchema = z.object({
  ...base,
  type: z.literal('schedule_change'),
  scheduleId: IdSchema.nullable(),
});

export const MergeEventSchema = z.object({
  ...base,
  type: z.literal('merge'),
  intoTicketId: IdSchema,
});

export const DeleteEventSchema = z.object({
  ...base,
  type: z.literal('delete'),
});

export const TicketEventSchema = z.discriminatedUnion('type', [
  StatusChangeEventSchema,
  CommentEventSchema,
  AssigneeChangeEventSchema,
  GroupChangeEventSchema,
  FieldChangeEventSchema,
  SatisfactionEventSchema,
  SurveyAnswerEventSchema,
  HandleTimeEventSchema,
  ScheduleChangeEventSchema,
  MergeEventSchema,
  DeleteEventSchema,
]);
export type TicketEvent = z.infer<typeof TicketEventSchema>;
export type TicketEventType = TicketEvent['type'];
export type StatusChangeEvent = z.infer<typeof StatusChangeEventSchema>;
export type CommentEvent = z.infer<typeof CommentEventSchema>;
