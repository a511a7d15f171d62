import { z } from 'zod';
import { IdSchema, ReportDateSchema } from '../../domain/index.js';
import {
  AGREEMENT_CLOCKS,
  AGREEMENT_METRICS,
  AGREEMENT_REASONS,
} from '../../metrics/agreement-reasons.js';
import { MAX_RANGE_DAYS, rangeDays } from '../kpi/schemas.js';

/**
 * The agreement view's one contract (STYLE.md "one contract per view"): the service builds these
 * documents, the route renders them into OpenAPI, the CLI prints them and the app reads them.
 */

export const AgreementReasonSchema = z.enum(AGREEMENT_REASONS);
export const AgreementMetricSchema = z.enum(AGREEMENT_METRICS);
export const AgreementClockSchema = z.enum(AGREEMENT_CLOCKS);

const RangeFields = { from: ReportDateSchema, to: ReportDateSchema };

/** from ≤ to and at most {@link MAX_RANGE_DAYS} days, once both are real dates (else they fail alone). */
function checkRange(value: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (!ReportDateSchema.safeParse(value.from).success) return;
  if (!ReportDateSchema.safeParse(value.to).success) return;
  const days = rangeDays(value.from, value.to);
  if (days < 1)
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
  else if (days > MAX_RANGE_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the range spans ${String(days)} days; at most ${String(MAX_RANGE_DAYS)} are allowed`,
    });
  }
}

/** `?from&to`: local dates (REPORTING_TIME_ZONE) of ticket creation, both inclusive. */
export const AgreementQuerySchema = z.object(RangeFields).strict().superRefine(checkRange);
export type AgreementQuery = z.infer<typeof AgreementQuerySchema>;

export const AGREEMENT_PAGE_MAX = 200;

/** The drill-down: the differences of one reason, optionally one metric and clock. */
export const AgreementDrilldownQuerySchema = z
  .object({
    ...RangeFields,
    reason: AgreementReasonSchema,
    metric: AgreementMetricSchema.optional(),
    clock: AgreementClockSchema.optional(),
    /** The last ticket id of the previous page (its `nextCursor`). */
    cursor: IdSchema.max(200).optional(),
    // At least one ticket's every comparison (8 metrics, at most 14 rows), so pages end on whole tickets.
    limit: z.coerce.number().int().min(20).max(AGREEMENT_PAGE_MAX).default(50),
  })
  .strict()
  .superRefine(checkRange);
export type AgreementDrilldownQuery = z.infer<typeof AgreementDrilldownQuerySchema>;

const ReasonCountSchema = z.object({
  reason: AgreementReasonSchema,
  count: z.number().int(),
  description: z.string(),
});

/** Per metric and clock: n, how many agree within a minute, and the reasons of the rest. */
export const AgreementRowSchema = z.object({
  metric: AgreementMetricSchema,
  clock: AgreementClockSchema,
  n: z.number().int(),
  within: z.number().int(),
  /** within ÷ n; null when n is 0. */
  withinShare: z.number().nullable(),
  topReasons: z.array(ReasonCountSchema),
});
export type AgreementRow = z.infer<typeof AgreementRowSchema>;

export const AgreementReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Tickets created in the range that were compared (both sides present). */
  tickets: z.number().int(),
  /** Comparisons (tickets × metrics × clocks) that differ with no known cause, and their share. */
  unexplained: z.object({ count: z.number().int(), share: z.number().nullable() }),
  rows: z.array(AgreementRowSchema),
});
export type AgreementReport = z.infer<typeof AgreementReportSchema>;

export const AgreementDrilldownSchema = z.object({
  reason: AgreementReasonSchema,
  description: z.string(),
  rows: z.array(
    z.object({
      ticketId: IdSchema,
      metric: AgreementMetricSchema,
      clock: AgreementClockSchema,
      /** Minutes (durations) or counts; null when that side has no value. */
      ours: z.number().nullable(),
      theirs: z.number().nullable(),
      /** The events that show the reason, from the stored history. */
      events: z.array(z.object({ id: IdSchema, type: z.string(), at: z.number() })),
    }),
  ),
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: IdSchema.nullable(),
});
export type AgreementDrilldown = z.infer<typeof AgreementDrilldownSchema>;
