import { z } from 'zod';
import { ForecastQuerySchema } from '../forecast/schemas.js';
import { KpiNameSchema } from '../kpi/schemas.js';
import { isPublicHttpsUrl } from './webhook-url.js';

export const AlertRuleSchema = z.discriminatedUnion('type', [
  /** Fires when the KPI's headline over the last 7 days is above/below `value` (KPI units). */
  z.object({ type: z.literal('threshold'), op: z.enum(['>', '<']), value: z.number() }),
  /** Fires when the 7-day headline is worse than the 28 days before by at least `worseByPct` %. */
  z.object({ type: z.literal('baseline'), worseByPct: z.number().positive().max(10_000) }),
  /**
   * Fires when the backlog forecast (mean, whole team or `group`) is above `above` tickets on any
   * of the next 14 days; only with kpi `backlog`.
   */
  z.object({
    type: z.literal('forecast_backlog'),
    above: z.number().int().min(0).max(10_000_000),
    group: ForecastQuerySchema.shape.group,
  }),
  /**
   * Fires when an account worth at least `minValue` (the health settings' value field) drops to
   * at risk today; only with kpi `csat` (customer health belongs to the satisfaction family).
   */
  z.object({
    type: z.literal('account_at_risk'),
    minValue: z.number().min(0).max(1e12),
  }),
]);

/**
 * POST /api/v1/alerts body. The cooldown is at least 5 minutes: alerts are evaluated after every
 * rollup, which can be many times a minute during a sync, and a webhook must not be flooded.
 */
export const AlertInputSchema = z
  .object({
    kpi: KpiNameSchema,
    rule: AlertRuleSchema,
    minSample: z.number().int().min(1).max(1_000_000),
    cooldownMinutes: z.number().int().min(5).max(43_200),
    webhookUrl: z
      .string()
      .max(2000)
      .refine(isPublicHttpsUrl, { message: 'must be an https URL on a public host' }),
    businessHours: z.boolean().default(false),
  })
  .refine((a) => a.rule.type !== 'forecast_backlog' || a.kpi === 'backlog', {
    message: 'a forecast_backlog rule needs kpi backlog',
    path: ['kpi'],
  })
  .refine((a) => a.rule.type !== 'account_at_risk' || a.kpi === 'csat', {
    message: 'an account_at_risk rule needs kpi csat',
    path: ['kpi'],
  });
export type AlertInput = z.input<typeof AlertInputSchema>;

/** The longest timed mute: a longer silence is an indefinite one (`muted: true`). */
export const MAX_MUTE_DAYS = 366;

/**
 * PATCH /api/v1/alerts/:id body: any rule field of AlertInputSchema (the merged alert is
 * re-validated whole), `muted` (true: until unmuted; false: unmute, clearing `mutedUntil` too)
 * and `mutedUntil` (an instant; null clears it).
 */
export const AlertPatchSchema = z
  .object({
    kpi: KpiNameSchema.optional(),
    rule: AlertRuleSchema.optional(),
    minSample: z.number().int().min(1).max(1_000_000).optional(),
    cooldownMinutes: z.number().int().min(5).max(43_200).optional(),
    webhookUrl: z.string().max(2000).optional(),
    businessHours: z.boolean().optional(),
    muted: z.boolean().optional(),
    mutedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' });
export type AlertPatch = z.output<typeof AlertPatchSchema>;

/** An alert as the API returns it; instants are ISO strings. */
export interface AlertView {
  id: string;
  kpi: string;
  rule: z.output<typeof AlertRuleSchema>;
  minSample: number;
  cooldownMinutes: number;
  webhookUrl: string;
  businessHours: boolean;
  createdAt: string;
  lastFiredAt: string | null;
  /** The headline value that fired last (KPI units). */
  lastValue: number | null;
  lastEvaluatedAt: string | null;
  /** `delivered`, or `failed: <reason>` for the last firing's webhook call. */
  lastDelivery: string | null;
  /** Muted until unmuted. */
  muted: boolean;
  /** Muted until this instant (evaluation resumes after it). */
  mutedUntil: string | null;
}
