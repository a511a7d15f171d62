import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { ReportDateSchema } from '../../domain/index.js';
import { ValidationError } from '../../errors.js';
import { describeIssues } from '../../zod-issues.js';
import { KPI_IDS } from '../../metrics/kpi-registry.js';
import { daysBetween } from '../../metrics/calendar-day.js';

/** The KPI names of the API contract, in board order (the registry's). */
export const KPI_NAMES = KPI_IDS;
export const KpiNameSchema = z.enum(KPI_NAMES);
export type KpiName = z.infer<typeof KpiNameSchema>;

export const SliceSchema = z.enum(['none', 'group', 'agent', 'channel', 'brand', 'tag']);
export type Slice = z.infer<typeof SliceSchema>;

export const AttributionSchema = z.enum(['assignee', 'solver', 'replier']);
export type Attribution = z.infer<typeof AttributionSchema>;

export const GranularitySchema = z.enum(['day', 'week']);
export type Granularity = z.infer<typeof GranularitySchema>;

/** The longest range a query may span, in days (inclusive of both ends). */
export const MAX_RANGE_DAYS = 400;

/** Report dates: real calendar dates inside MIN_REPORT_DATE..MAX_REPORT_DATE (domain). */
export { ReportDateSchema };

/** Query strings carry booleans as text; anything but `true`/`false` is rejected, not coerced. */
export const BooleanTextSchema = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

const RangeFields = {
  from: ReportDateSchema,
  to: ReportDateSchema,
  businessHours: BooleanTextSchema,
};

/** from ≤ to and at most {@link MAX_RANGE_DAYS} days, checked after both dates parsed. */
function checkRange(value: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (!isRealDate(value.from) || !isRealDate(value.to)) return;
  const days = rangeDays(value.from, value.to);
  if (days < 1) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
  } else if (days > MAX_RANGE_DAYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the range spans ${String(days)} days; at most ${String(MAX_RANGE_DAYS)} are allowed`,
    });
  }
}

export const BoardQuerySchema = z
  .object({
    ...RangeFields,
    slice: SliceSchema.default('none'),
    attribution: AttributionSchema.default('assignee'),
  })
  .superRefine(checkRange);
export type BoardQuery = z.output<typeof BoardQuerySchema>;

export const TrendQuerySchema = z
  .object({
    ...RangeFields,
    kpi: KpiNameSchema,
    granularity: GranularitySchema.default('day'),
    slice: SliceSchema.default('none'),
    sliceValue: z.string().max(500).optional(),
  })
  .superRefine(checkRange)
  .superRefine(checkSliceValue);
export type TrendQuery = z.output<typeof TrendQuerySchema>;

export const DrilldownQuerySchema = z
  .object({
    ...RangeFields,
    kpi: KpiNameSchema,
    slice: SliceSchema.default('none'),
    sliceValue: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(2000).optional(),
  })
  .superRefine(checkRange)
  .superRefine(checkSliceValue);
export type DrilldownQuery = z.output<typeof DrilldownQuerySchema>;

export const ExportQuerySchema = z.object(RangeFields).superRefine(checkRange);
export type ExportQuery = z.output<typeof ExportQuerySchema>;

function checkSliceValue(
  value: { slice: Slice; sliceValue?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.slice !== 'none' && value.sliceValue === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['sliceValue'],
      message: `sliceValue is required with slice=${value.slice}`,
    });
  }
}

/**
 * Parses input with `schema`, throwing a {@link ValidationError} that names each field; `what`
 * names the input in the message (`query`, `body`).
 */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'query',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = describeIssues(result.error.issues, `(${what})`);
  throw new ValidationError(`invalid ${what}: ${issues.join('; ')}`, issues);
}

/** Days from `from` to `to` inclusive; 0 or less when `from` is after `to`. */
export function rangeDays(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

function isRealDate(value: string): boolean {
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return /^\d{4}-\d{2}-\d{2}$/.test(value);
  } catch {
    return false;
  }
}

// ---- Result shapes: the views' zod contracts (contracts.ts) ----

export type {
  Board,
  BoardKpi,
  BoardSlice,
  CellStats,
  Drilldown,
  DrilldownTicket,
  Trend,
  TrendPoint,
} from './contracts.js';
export type { KpiUnit } from '../../metrics/kpi-registry.js';
