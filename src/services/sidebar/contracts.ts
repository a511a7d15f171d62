import { z } from 'zod';
import type { RiskReason } from '../../metrics/risk.js';
import {
  AssigneeChangeEventSchema,
  CommentEventSchema,
  DeleteEventSchema,
  FieldChangeEventSchema,
  GroupChangeEventSchema,
  HandleTimeEventSchema,
  HandleTimeSourceSchema,
  IdSchema,
  MergeEventSchema,
  SatisfactionEventSchema,
  ScheduleChangeEventSchema,
  ScheduleSchema,
  SlaMetricSchema,
  StatusChangeEventSchema,
  SurveyKindSchema,
  TicketStatusSchema,
} from '../../domain/index.js';

/*
 * One contract per sidebar view: the services build these shapes, the routes document them as
 * their OpenAPI responses, and the app (plugin/) imports the inferred types, so a renamed field
 * fails the typecheck on both sides. Instants are ISO-8601 UTC strings; durations are seconds.
 */

const IsoInstant = z.iso.datetime({ offset: true });

/** A duration on both clocks; business is null without a schedule, either null until it ends. */
/** One reason of the risk badge (metrics/risk.ts): a code and its numbers; the app words it. */
export const RiskReasonSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('open_wait'), hours: z.number().nonnegative() }),
  z.object({
    code: z.literal('recent_reopens'),
    count: z.number().int().positive(),
    days: z.literal(30),
  }),
  z.object({
    code: z.literal('bad_csat'),
    count: z.number().int().positive(),
    days: z.literal(90),
  }),
  z.object({ code: z.literal('low_ces'), value: z.number(), scaleMax: z.number() }),
  z.object({ code: z.literal('high_effort'), score: z.number() }),
  z.object({
    code: z.literal('recent_contacts'),
    count: z.number().int().positive(),
    days: z.literal(7),
  }),
]) satisfies z.ZodType<RiskReason>;

export const ClockSchema = z.object({
  calendar: z.number().nullable(),
  business: z.number().nullable(),
});

/** Why a customer's effort is what it is (rendered into words by the app, in its language). */
export const EffortReasonSchema = z.object({
  driver: z.enum([
    'customerFollowUps',
    'reopens',
    'handoffs',
    'requesterWaitHours',
    'channelSwitches',
    'repeatContacts',
  ]),
  tickets: z.number().int(),
  /** Requester wait only: the wait a ticket had to exceed (the team's p75); null otherwise. */
  thresholdSeconds: z.number().nullable(),
});

/** The customer context of the ticket, user and organisation sidebars. */
export const CustomerContextSchema = z.object({
  requesterId: IdSchema.optional(),
  organizationId: IdSchema.optional(),
  /** The requester's or organisation's synced name; null when the helpdesk gave none. */
  name: z.string().nullable(),
  counts: z.object({ total: z.number(), open: z.number(), solved: z.number() }),
  recentTickets: z.array(
    z.object({
      id: IdSchema,
      status: TicketStatusSchema,
      createdAt: IsoInstant,
      firstReply: ClockSchema.nullable(),
      firstResolution: ClockSchema.nullable(),
      fullResolution: ClockSchema.nullable(),
    }),
  ),
  medianFullResolution: z.object({ requester: ClockSchema, team: ClockSchema }),
  reopens: z.object({ total: z.number(), last30d: z.number(), last90d: z.number() }),
  csat: z.array(z.object({ ticketId: IdSchema, at: IsoInstant, score: z.enum(['good', 'bad']) })),
  ces: z.array(
    z.object({
      ticketId: IdSchema,
      at: IsoInstant,
      value: z.number(),
      scaleMin: z.number(),
      scaleMax: z.number(),
      direction: z.string(),
    }),
  ),
  effort: z.object({ score: z.number(), reasons: z.array(EffortReasonSchema) }).nullable(),
  risk: z.object({ level: z.enum(['low', 'medium', 'high']), reasons: z.array(RiskReasonSchema) }),
  asOf: IsoInstant,
  /** How the customer gets in touch, over the same newest tickets (metrics/customer-activity.ts). */
  activity: z.object({
    preferredChannel: z.string().nullable(),
    channels: z.array(z.object({ channel: z.string(), tickets: z.number().int() })),
    interactionsPerTicket: z.number().nullable(),
    resolutionRate: z.number().nullable(),
  }),
});
export type CustomerContextResponse = z.infer<typeof CustomerContextSchema>;

/** One SLA target of a ticket as the sidebar shows it. */
export const SlaClockSchema = z.object({
  metric: SlaMetricSchema,
  target: z.number(),
  businessHours: z.boolean(),
  /** Seconds left on the target's own clock; null when paused or done. */
  remainingBusinessSeconds: z.number().nullable(),
  breachAt: IsoInstant.nullable(),
  state: z.enum(['active', 'paused', 'achieved', 'breached']),
});

/** Live clocks of one ticket. */
export const TicketClocksSchema = z.object({
  ticketId: IdSchema,
  status: TicketStatusSchema,
  createdAt: IsoInstant,
  /** Created → now, or → the latest solve (the close) once solved or closed. */
  age: ClockSchema,
  ageStoppedAt: IsoInstant.nullable(),
  firstReply: ClockSchema.nullable(),
  requesterWait: ClockSchema,
  sla: z.array(SlaClockSchema),
  asOf: IsoInstant,
});
export type TicketClocksResponse = z.infer<typeof TicketClocksSchema>;

const iso = { at: IsoInstant };

/** A ticket event with its instant as ISO (the domain's events, otherwise unchanged). */
export const ExplainEventSchema = z.discriminatedUnion('type', [
  StatusChangeEventSchema.extend(iso),
  CommentEventSchema.extend(iso),
  AssigneeChangeEventSchema.extend(iso),
  GroupChangeEventSchema.extend(iso),
  FieldChangeEventSchema.extend(iso),
  SatisfactionEventSchema.extend(iso),
  z.object({
    id: IdSchema,
    ticketId: IdSchema,
    actorId: IdSchema.nullable(),
    type: z.literal('survey_answer'),
    at: IsoInstant,
    response: z.looseObject({
      kind: SurveyKindSchema,
      value: z.number(),
      scaleMin: z.number(),
      scaleMax: z.number(),
      respondedAt: IsoInstant,
    }),
  }),
  HandleTimeEventSchema.extend(iso),
  ScheduleChangeEventSchema.extend(iso),
  MergeEventSchema.extend(iso),
  DeleteEventSchema.extend(iso),
]);
export type ExplainEvent = z.infer<typeof ExplainEventSchema>;

const SpanSchema = z.object({
  fromEventId: IdSchema.nullable(),
  toEventId: IdSchema.nullable(),
  from: IsoInstant,
  to: IsoInstant,
});

/** Why a ticket has the numbers it has: values, their spans, the events and the names in them. */
export const ExplainSchema = z.object({
  ticketId: IdSchema,
  /** The stored metrics (instants as ISO); the view reads the durations named here. */
  metrics: z
    .looseObject({
      status: TicketStatusSchema,
      firstReply: ClockSchema,
      firstResolution: ClockSchema,
      fullResolution: ClockSchema,
      requesterWait: ClockSchema,
    })
    .nullable(),
  computedAt: IsoInstant.nullable(),
  explanation: z
    .object({
      scheduleIds: z.array(IdSchema),
      firstReply: SpanSchema.nullable(),
      customerFirstReply: SpanSchema.nullable(),
      firstResolution: SpanSchema.nullable(),
      fullResolution: SpanSchema.nullable(),
      statusSegments: z.array(
        z.object({ status: TicketStatusSchema, from: IsoInstant, to: IsoInstant }),
      ),
    })
    .nullable(),
  events: z.array(ExplainEventSchema),
  handleTimeEntries: z.array(
    z.object({
      id: IdSchema,
      ticketId: IdSchema,
      agentId: IdSchema.nullable(),
      seconds: z.number(),
      source: HandleTimeSourceSchema,
      loggedAt: IsoInstant,
    }),
  ),
  /** The business-hours schedules the values were measured on, with their names. */
  schedules: z.array(ScheduleSchema),
  /** Everyone the events mention, by name, so the timeline never shows bare ids. */
  people: z.array(z.object({ id: IdSchema, name: z.string() })),
  organization: z.object({ id: IdSchema, name: z.string().nullable() }).nullable(),
  /** Every group the ticket and its events name (group changes), by synced name. */
  groups: z.array(z.object({ id: IdSchema, name: z.string() })),
  /** The ticket's brand with its synced name (null name: the helpdesk has not named it). */
  brand: z.object({ id: IdSchema, name: z.string().nullable() }).nullable(),
  /** Where each value is defined: the definitions document, by its path in the repository. */
  definitionsUrl: z.string(),
});
export type ExplainResponse = z.infer<typeof ExplainSchema>;
