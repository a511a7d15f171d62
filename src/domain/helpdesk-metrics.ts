import { z } from 'zod';
import { IdSchema, InstantSchema } from './primitives.js';

const MinutesSchema = z.object({
  calendar: z.number().nullable(),
  business: z.number().nullable(),
});

/**
 * The helpdesk's own per-ticket metrics (Zendesk `metric_sets`), kept beside ours so a
 * reconciliation can show where and why the numbers differ (metrics.md §16.1).
 */
export const HelpdeskTicketMetricsSchema = z.object({
  ticketId: IdSchema,
  replyMinutes: MinutesSchema,
  firstResolutionMinutes: MinutesSchema,
  fullResolutionMinutes: MinutesSchema,
  requesterWaitMinutes: MinutesSchema,
  agentWaitMinutes: MinutesSchema,
  onHoldMinutes: MinutesSchema,
  reopens: z.number().int().nullable(),
  replies: z.number().int().nullable(),
  solvedAt: InstantSchema.nullable(),
  updatedAt: InstantSchema,
});
export type HelpdeskTicketMetrics = z.infer<typeof HelpdeskTicketMetricsSchema>;
