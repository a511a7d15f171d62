import { z } from 'zod';
import { ReportDateSchema } from '../../domain/index.js';
import { ExportQuerySchema } from '../kpi/schemas.js';

/**
 * The contract of customer health: query and response schemas shared by the service, the
 * routes' OpenAPI document and the app.
 */

/** The board's range rules (order, longest span) apply as they do to every KPI query. */
function checkRange(value: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const range = ExportQuerySchema.safeParse({ from: value.from, to: value.to });
  if (range.success) return;
  for (const issue of range.error.issues) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
}

export const HealthStatusSchema = z.enum(['healthy', 'watch', 'at_risk']);

const RangeFields = { from: ReportDateSchema, to: ReportDateSchema };

export const HealthAccountsQuerySchema = z
  .object({
    ...RangeFields,
    /** Only accounts in this status on `to` (default: every account). */
    status: z.enum(['all', 'healthy', 'watch', 'at_risk']).default('all'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict()
  .superRefine(checkRange);
export type HealthAccountsQuery = z.output<typeof HealthAccountsQuerySchema>;

export const HealthRangeQuerySchema = z.object(RangeFields).strict().superRefine(checkRange);
export type HealthRangeQuery = z.output<typeof HealthRangeQuerySchema>;

/** An organisation id, or `requester:<user id>` for a requester without one. */
export const AccountParamsSchema = z
  .object({ id: z.string().regex(/^(requester:)?[A-Za-z0-9_-]{1,64}$/, 'an account id') })
  .strict();

export const HealthReasonSchema = z.object({
  signal: z.enum([
    'bad_csat',
    'low_ces',
    'reopens',
    'escalations',
    'effort',
    'wait',
    'volume_trend',
    'open_tickets',
  ]),
  value: z.number(),
  baseline: z.number(),
  points: z.number(),
});

const RatioSchema = z.object({ n: z.number().int(), of: z.number().int() });
export const HealthSignalsSchema = z.object({
  volume: z.number().int(),
  previousVolume: z.number().int(),
  badCsat: RatioSchema,
  lowCes: RatioSchema,
  reopens: RatioSchema,
  escalations: RatioSchema,
  effort: z.number().nullable(),
  waitHours: z.number().nullable(),
  open: z.number().int(),
});

/** What a stored daily score's `data` holds. */
export const StoredHealthDataSchema = z.object({
  signals: HealthSignalsSchema,
  reasons: z.array(HealthReasonSchema),
});
export type StoredHealthData = z.infer<typeof StoredHealthDataSchema>;

export const TrendPointSchema = z.object({
  day: z.string(),
  score: z.number(),
  status: HealthStatusSchema,
});

export const HealthAccountSchema = z.object({
  accountId: z.string(),
  kind: z.enum(['organization', 'requester']),
  name: z.string().nullable(),
  day: z.string(),
  score: z.number(),
  status: HealthStatusSchema,
  /** Tickets created in the 30-day window the score rests on. */
  tickets: z.number().int(),
  reasons: z.array(HealthReasonSchema),
  signals: HealthSignalsSchema,
  /** The account's value from the configured organisation field; null when not known. */
  value: z.number().nullable(),
  /** The value when the account is at risk, 0 when not, null when its value is not known. */
  valueAtRisk: z.number().nullable(),
  /** One point per stored day of the range. */
  trend: z.array(TrendPointSchema),
});
export type HealthAccount = z.infer<typeof HealthAccountSchema>;

export const HealthAccountsSchema = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  accounts: z.array(HealthAccountSchema),
  totals: z.object({
    accounts: z.number().int(),
    atRisk: z.number().int(),
    watch: z.number().int(),
    /** Sum of the at-risk accounts' known values; null when no value field is set. */
    valueAtRisk: z.number().nullable(),
  }),
});
export type HealthAccounts = z.infer<typeof HealthAccountsSchema>;

export const AccountTicketSchema = z.object({
  ticketId: z.string(),
  createdAt: z.string(),
  open: z.boolean(),
  csat: z.enum(['good', 'bad']).nullable(),
  reopened: z.boolean(),
  escalated: z.boolean(),
});

export const HealthAccountDetailSchema = z.object({
  account: HealthAccountSchema.nullable(),
  /** The window's tickets (the drill-down), newest first. */
  tickets: z.array(AccountTicketSchema),
});
export type HealthAccountDetail = z.infer<typeof HealthAccountDetailSchema>;

const IntervalSchema = z.object({ low: z.number(), high: z.number() });
const GroupMeanSchema = z.object({
  accounts: z.number().int(),
  mean: z.number().nullable(),
  ci: IntervalSchema.nullable(),
});

export const HealthChurnSchema = z.object({
  status: z.enum(['ok', 'not_configured']),
  from: z.string(),
  to: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  acquired: z.number().int(),
  churned: z.number().int(),
  churnRate: z.number().nullable(),
  retentionRate: z.number().nullable(),
  /** Days before churn (or before `to` for retained accounts) the comparison looks at. */
  lookbackDays: z.number().int(),
  comparison: z.array(
    z.object({
      measure: z.enum([
        'bad_csat',
        'low_ces',
        'reopens',
        'escalations',
        'effort',
        'wait_hours',
        'contacts',
      ]),
      churned: GroupMeanSchema,
      retained: GroupMeanSchema,
    }),
  ),
});
export type HealthChurn = z.infer<typeof HealthChurnSchema>;
