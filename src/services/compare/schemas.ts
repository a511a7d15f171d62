import { z } from 'zod';
import { ReportDateSchema, SafeTextSchema } from '../../domain/index.js';
import { BooleanTextSchema, ExportQuerySchema } from '../kpi/schemas.js';

/**
 * The contract of the cohort comparison (A/B): query and response schemas shared by the
 * service, the route's OpenAPI document and the app.
 */

/** What splits the tickets into cohorts; `period` compares two date ranges (before/after). */
export const CohortBySchema = z.enum([
  'tag',
  'group',
  'channel',
  'brand',
  'form',
  'reason',
  'period',
]);
export type CohortBy = z.infer<typeof CohortBySchema>;

const CohortValueSchema = SafeTextSchema.pipe(z.string().min(1).max(200));

/** The board's range rules (order, longest span) for one pair of dates. */
function rangeIssues(
  from: string,
  to: string,
  paths: [string, string],
  ctx: z.RefinementCtx,
): void {
  const range = ExportQuerySchema.safeParse({ from, to });
  if (range.success) return;
  for (const issue of range.error.issues) {
    const at = issue.path[0] === 'from' ? paths[0] : paths[1];
    ctx.addIssue({ code: 'custom', path: [at], message: issue.message });
  }
}

export const CompareQuerySchema = z
  .object({
    by: CohortBySchema,
    /** Cohort A's value of `by` (a tag, a group id…); not used with by=period. */
    a: CohortValueSchema.optional(),
    /** Cohort B's value; omitted: every other ticket of the range ("A versus the rest"). */
    b: CohortValueSchema.optional(),
    /** The range both cohorts are drawn from; with by=period, cohort A's range ("before"). */
    from: ReportDateSchema,
    to: ReportDateSchema,
    /** by=period only: cohort B's range ("after"). */
    bFrom: ReportDateSchema.optional(),
    bTo: ReportDateSchema.optional(),
    /** Keep only tickets of this contact reason in both cohorts (like for like). */
    reason: CohortValueSchema.optional(),
    businessHours: BooleanTextSchema,
  })
  .superRefine((q, ctx) => {
    rangeIssues(q.from, q.to, ['from', 'to'], ctx);
    if (q.by === 'period') {
      if (q.bFrom === undefined || q.bTo === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [q.bFrom === undefined ? 'bFrom' : 'bTo'],
          message: 'bFrom and bTo are required with by=period',
        });
      } else {
        rangeIssues(q.bFrom, q.bTo, ['bFrom', 'bTo'], ctx);
        // A ticket in both periods would sit in both samples, which the tests assume independent.
        if (q.bFrom <= q.to && q.from <= q.bTo) {
          ctx.addIssue({
            code: 'custom',
            path: ['bFrom'],
            message: 'the two periods overlap; choose ranges that share no day',
          });
        }
      }
      return;
    }
    if (q.a === undefined) {
      ctx.addIssue({ code: 'custom', path: ['a'], message: `a is required with by=${q.by}` });
    }
    if (q.a !== undefined && q.a === q.b) {
      ctx.addIssue({ code: 'custom', path: ['b'], message: 'a and b name the same cohort' });
    }
    if (q.bFrom !== undefined || q.bTo !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['bFrom'],
        message: 'bFrom and bTo apply to by=period only',
      });
    }
  });
export type CompareQuery = z.output<typeof CompareQuerySchema>;

/** The KPIs a comparison tests, in the order the view lists them. */
export const COMPARED_KPIS = [
  'full_resolution',
  'first_reply',
  'resolution_rate',
  'reopen_rate',
  'one_touch',
  'csat',
  'interactions_per_ticket',
  'ces',
  'effort',
] as const;
export const ComparedKpiSchema = z.enum(COMPARED_KPIS);
export type ComparedKpi = z.infer<typeof ComparedKpiSchema>;

/** The test that fits the KPI: ranks for skewed durations, score intervals for rates, t for means. */
export const CompareTestSchema = z.enum(['mann_whitney', 'newcombe', 'welch_t']);
export type CompareTest = z.infer<typeof CompareTestSchema>;

/**
 * - `a_better` / `b_better`: the difference is significant at α and its interval excludes 0;
 * - `no_difference`: not significant; differences below `mde` could have gone unnoticed;
 * - `too_few`: a cohort has fewer than the minimum sample, so no winner is called.
 */
export const VerdictSchema = z.enum(['a_better', 'b_better', 'no_difference', 'too_few']);
export type Verdict = z.infer<typeof VerdictSchema>;

const IntervalSchema = z.object({ low: z.number(), high: z.number() });
const SideSchema = z.object({ value: z.number().nullable(), n: z.number().int() });

export const KpiComparisonSchema = z.object({
  kpi: ComparedKpiSchema,
  unit: z.enum(['seconds', 'fraction', 'count', 'score']),
  direction: z.enum(['lower_is_better', 'higher_is_better']),
  /** median (durations), rate, or mean. */
  statistic: z.enum(['median', 'rate', 'mean']),
  test: CompareTestSchema,
  a: SideSchema,
  b: SideSchema,
  /** B − A of the statistic; null when a side has no value. */
  difference: z.number().nullable(),
  /** 95 % interval of the difference (bootstrap, Newcombe or Welch). */
  ci: IntervalSchema.nullable(),
  /** Two-sided p-value of the test; null when it cannot run. */
  p: z.number().nullable(),
  /** Minimum detectable effect: the |difference| this sample finds 80 % of the time at α. */
  mde: z.number().nullable(),
  verdict: VerdictSchema,
  /** The verdict in plain English (the app words it in the user's language). */
  summary: z.string(),
});
export type KpiComparison = z.infer<typeof KpiComparisonSchema>;

export const CohortSchema = z.object({
  /** What the cohort is: `tag vip`, `the rest`, `2026-01-01…2026-01-31`. */
  label: z.string(),
  /** The cohort's value of `by` (a tag, a group id…); null for "the rest" and for periods. */
  value: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  /** Tickets created in the cohort's range that belong to it. */
  tickets: z.number().int(),
  /** Ticket volume: tickets ÷ days of its range. */
  volumePerDay: z.number(),
});
export type Cohort = z.infer<typeof CohortSchema>;

export const CompareReportSchema = z.object({
  by: CohortBySchema,
  reason: z.string().nullable(),
  businessHours: z.boolean(),
  a: CohortSchema,
  b: CohortSchema,
  /** Tickets in both cohorts (two tags at once), left out of both so the samples are independent. */
  overlap: z.number().int(),
  /** Significance level of every test (per KPI, not corrected for the number of KPIs). */
  alpha: z.number(),
  /** Fewest values a side needs before a winner is called. */
  minSample: z.number().int(),
  kpis: z.array(KpiComparisonSchema),
});
export type CompareReport = z.infer<typeof CompareReportSchema>;
