import { z } from 'zod';
import {
  IdSchema,
  PrioritySchema,
  ReportDateSchema,
  ScheduleSchema,
  SlaMetricSchema,
  SlaPolicySchema,
} from '../../domain/index.js';

/**
 * The what-if view's one contract (STYLE.md "one contract per view"): the service builds these
 * documents, the route renders them into OpenAPI, the CLI prints them and the app reads them.
 */

/**
 * A proposal: what `PUT …/settings` would set, not applied. `slaPolicy` replaces the policy in
 * force; `schedules` replace the stored schedules with the same id (new ids are added), exactly
 * as the settings change does, so "apply" hands the same document to it.
 */
export const WhatIfProposalSchema = z
  .object({
    slaPolicy: SlaPolicySchema.optional(),
    schedules: z.array(ScheduleSchema).max(50).optional(),
  })
  .strict();
export type WhatIfProposal = z.infer<typeof WhatIfProposalSchema>;

/** The dimensions a comparison may be split by (the board's slices, and priority). */
export const WhatIfSliceSchema = z.enum(['group', 'agent', 'brand', 'channel', 'priority']);
export type WhatIfSlice = z.infer<typeof WhatIfSliceSchema>;

/** Local dates (REPORTING_TIME_ZONE) of ticket creation, both inclusive; absent = whole history. */
export const WhatIfRangeSchema = z
  .object({ from: ReportDateSchema, to: ReportDateSchema })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['from'] });

export const WhatIfRequestSchema = z
  .object({
    proposal: WhatIfProposalSchema,
    range: WhatIfRangeSchema.optional(),
    slice: WhatIfSliceSchema.optional(),
    /** How many flipped tickets to list (all are counted). */
    flipLimit: z.number().int().min(0).max(5000).default(200),
  })
  .strict();
export type WhatIfRequest = z.output<typeof WhatIfRequestSchema>;

/** The business-hours durations compared, in seconds. */
export const WHATIF_DURATIONS = [
  'first_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'agent_wait',
] as const;
export const WhatIfDurationSchema = z.enum(WHATIF_DURATIONS);
export type WhatIfDuration = z.infer<typeof WhatIfDurationSchema>;

const CountsSchema = z.object({
  achieved: z.number().int(),
  breached: z.number().int(),
  /** achieved ÷ (achieved + breached); null when no target instance has an outcome. */
  attainment: z.number().nullable(),
});
export type SlaCounts = z.infer<typeof CountsSchema>;

const StatsSchema = z.object({
  n: z.number().int(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});
export type DurationStats = z.infer<typeof StatsSchema>;

export const SlaRowSchema = z.object({
  metric: SlaMetricSchema,
  /** The ticket's priority; null for tickets without one. */
  priority: PrioritySchema.nullable(),
  current: CountsSchema,
  proposed: CountsSchema,
});
export type SlaRow = z.infer<typeof SlaRowSchema>;

export const DurationRowSchema = z.object({
  metric: WhatIfDurationSchema,
  current: StatsSchema,
  proposed: StatsSchema,
});
export type DurationRow = z.infer<typeof DurationRowSchema>;

export const ComparisonSchema = z.object({
  tickets: z.number().int(),
  sla: z.array(SlaRowSchema),
  durations: z.array(DurationRowSchema),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

const OutcomeSchema = z.enum(['achieved', 'breached']);

export const FlipSchema = z.object({
  ticketId: IdSchema,
  metric: SlaMetricSchema,
  priority: PrioritySchema.nullable(),
  current: OutcomeSchema,
  proposed: OutcomeSchema,
  /** The instant that decided each outcome (fulfilment or breach), ISO 8601. */
  currentAt: z.string(),
  proposedAt: z.string(),
});
export type Flip = z.infer<typeof FlipSchema>;

export const WhatIfReportSchema = z.object({
  /** The instant the outcomes are judged as of (ISO 8601). */
  asOf: z.string(),
  range: z.object({ from: z.string(), to: z.string() }),
  overall: ComparisonSchema,
  /** By month of ticket creation (REPORTING_TIME_ZONE), oldest first. */
  months: z.array(ComparisonSchema.extend({ month: z.string() })),
  /**
   * By the requested slice's value (empty without a slice); `''` = tickets without one. `name`:
   * a group's, agent's or brand's synced name (null when the helpdesk has not named the id), a
   * channel as itself, null for priorities (the app shows its own label) and for `''`.
   */
  slices: z.array(ComparisonSchema.extend({ value: z.string(), name: z.string().nullable() })),
  flips: z.object({
    total: z.number().int(),
    achievedToBreached: z.number().int(),
    breachedToAchieved: z.number().int(),
    /** The first `flipLimit` flips in the helpdesk's ticket order (numeric ids by number), every metric of a ticket together. */
    tickets: z.array(FlipSchema),
  }),
  /** How long the replay took, for the app's "replayed N tickets in S s" line. */
  replaySeconds: z.number(),
});
export type WhatIfReport = z.infer<typeof WhatIfReportSchema>;
