import { z } from 'zod';
import { ReportDateSchema } from '../../domain/index.js';
import { BooleanTextSchema, ExportQuerySchema } from '../kpi/schemas.js';

/**
 * The contract of the reasons view: query and response schemas shared by the service, the
 * route's OpenAPI document and the app.
 */

/** `reason`: the helpdesk's own reasons (field, tags); `problem`: recurring problems from text. */
export const ReasonsBySchema = z.enum(['reason', 'problem']);
export type ReasonsBy = z.infer<typeof ReasonsBySchema>;

const QueryFields = {
  from: ReportDateSchema,
  to: ReportDateSchema,
  businessHours: BooleanTextSchema,
  by: ReasonsBySchema.default('reason'),
};

/** The board's range rules (order, longest span) apply as they do to every KPI query. */
function checkRange(value: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const range = ExportQuerySchema.safeParse({ from: value.from, to: value.to });
  if (range.success) return;
  for (const issue of range.error.issues) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
}

export const ReasonsQuerySchema = z.object(QueryFields).superRefine(checkRange);
export type ReasonsQuery = z.output<typeof ReasonsQuerySchema>;

export const ReasonTicketsQuerySchema = z
  .object({
    ...QueryFields,
    /** A reason, or a problem group id, as the report lists it. */
    key: z.string().min(1).max(200),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** Continue after this ticket id (the previous page's `nextCursor`). */
    cursor: z.string().min(1).max(200).optional(),
  })
  .superRefine(checkRange);
export type ReasonTicketsQuery = z.output<typeof ReasonTicketsQuerySchema>;

const IntervalSchema = z.object({ low: z.number(), high: z.number() });

/** A KPI of a bucket: its value (null when no ticket had one), 95 % interval, tickets it rests on. */
export const KpiEstimateSchema = z.object({
  value: z.number().nullable(),
  ci: IntervalSchema.nullable(),
  n: z.number().int(),
});
export type KpiEstimate = z.infer<typeof KpiEstimateSchema>;

export const BucketKpisSchema = z.object({
  /** Median full resolution time, seconds (business seconds with businessHours=true). */
  resolutionSeconds: KpiEstimateSchema,
  /** Tickets created in the range that are solved or closed now ÷ tickets created (all, analysed or not). */
  resolutionRate: KpiEstimateSchema,
  reopenRate: KpiEstimateSchema,
  oneTouchRate: KpiEstimateSchema,
  csat: KpiEstimateSchema,
  /** Public messages from both sides per analysed ticket. */
  interactionsPerTicket: KpiEstimateSchema,
  ces: KpiEstimateSchema,
  effort: KpiEstimateSchema,
});
export type BucketKpis = z.infer<typeof BucketKpisSchema>;

export const ReasonItemSchema = z.object({
  /** The reason, or the problem group's id (stable from one run to the next). */
  key: z.string(),
  /** The reason, or the problem's top terms joined. */
  label: z.string(),
  /** Problem groups: top terms, heaviest first; reasons: empty. */
  terms: z.array(z.string()),
  /** Problem groups: the tickets closest to the group's centre; reasons: the newest tickets. */
  exampleTicketIds: z.array(z.string()),
  /** Tickets created in the range. */
  volume: z.number().int(),
  /** Tickets created per day of the range (ticket volume). */
  volumePerDay: z.number(),
  /** volume ÷ all tickets created in the range. */
  share: z.number(),
  /** Tickets created in the previous period of equal length. */
  previousVolume: z.number().int(),
  /** (volume − previousVolume) ÷ previousVolume; null when the previous period had none. */
  change: z.number().nullable(),
  /** Tickets created per 7-day step from `from` (the last step may be shorter). */
  weekly: z.array(z.number().int()),
  kpis: BucketKpisSchema,
  /** What the bucket cost customers in the range: the ranking key. */
  cost: z.object({
    /** Sum of resolution times of its resolved tickets, hours. */
    resolutionHours: z.number(),
    /** Sum of its tickets' effort scores. */
    effortPoints: z.number(),
  }),
});
export type ReasonItem = z.infer<typeof ReasonItemSchema>;

export const ReasonsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  by: ReasonsBySchema,
  businessHours: z.boolean(),
  previous: z.object({ from: z.string(), to: z.string() }),
  /** Tickets created in the range. */
  tickets: z.number().int(),
  /** Ranked by total resolution hours, then effort, then volume. */
  items: z.array(ReasonItemSchema),
});
export type ReasonsReport = z.infer<typeof ReasonsReportSchema>;

export const ReasonTicketSchema = z.object({
  ticketId: z.string(),
  subject: z.string().nullable(),
  createdAt: z.string(),
  status: z.string(),
  channel: z.string(),
  resolutionSeconds: z.number().nullable(),
  reopens: z.number().int().nullable(),
  interactions: z.number().int().nullable(),
  csat: z.string().nullable(),
  ces: z.number().nullable(),
  effort: z.number().nullable(),
});
export type ReasonTicket = z.infer<typeof ReasonTicketSchema>;

export const ReasonTicketsSchema = z.object({
  key: z.string(),
  tickets: z.array(ReasonTicketSchema),
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: z.string().nullable(),
});
export type ReasonTickets = z.infer<typeof ReasonTicketsSchema>;
