import { z } from 'zod';
import { KpiNameSchema } from '../kpi/schemas.js';
import { isPublicHttpsUrl } from './webhook-url.js';

export const AlertRuleSchema = z.discriminatedUnion('type', [
  /** Fires when the KPI's headline over the last 7 days is above/below `value` (KPI units). */
  z.object({ type: z.literal('threshold'), op: z.enum(['>', '<']), value: z.number() }),
  /** Fires when the 7-day headline is worse than the 28 days before by at least `worseByPct` %. */
  z.object({ type: z.literal('baseline'), worseByPct: z.number().positive().max(10_000) }),
]);

/**
 * POST /api/v1/alerts body. The cooldown is at least 5 minutes: alerts are evaluated after every
 * rollup, which can be many times a minute during a sync, and a webhook must not be flooded.
 */
export const AlertInputSchema = z.object({
  kpi: KpiNameSchema,
  rule: AlertRuleSchema,
  minSample: z.number().int().min(1).max(1_000_000),
  cooldownMinutes: z.number().int().min(5).max(43_200),
  webhookUrl: z
    .string()
    .max(2000)
    .refine(isPublicHttpsUrl, { message: 'must be an https URL on a public host' }),
  businessHours: z.boolean().default(false),
});
export type AlertInput = z.input<typeof AlertInputSchema>;

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
}
