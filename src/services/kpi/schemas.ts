import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { ReportDateSchema } from '../../domain/index.js';
import { ValidationError } from '../../errors.js';
import type { Interval } from '../../metrics/stats.js';
import { describeIssues } from '../../zod-issues.js';

/** The KPI names of the API contract, in board order. */
export const KPI_NAMES = [
  'first_resolution',
  'full_resolution',
  'first_reply',
  'requester_wait',
  'reopen_rate',
  'aht',
  'ces',
  'csat',
  'nps',
  'one_touch',
  'sla_attainment',
  'backlog',
] as const;
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
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to)).days + 1;
}

function isRealDate(value: string): boolean {
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return /^\d{4}-\d{2}-\d{2}$/.test(value);
  } catch {
    return false;
  }
}

// ---- Result shapes (the API contract's KPI section) ----

export type KpiUnit = 'seconds' | 'fraction' | 'score' | 'nps' | 'tickets';

/** Statistics of one cell. Durations in seconds; rates are fractions 0..1. */
export interface CellStats {
  n: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
  /** Rate KPIs (and CES's easy share): successes / n. */
  rate?: number | null;
  /** 95% interval: Wilson for rates, multinomial normal for NPS (in NPS points). */
  ci?: Interval | null;
  /** NPS: %promoters − %detractors, −100..100. */
  score?: number | null;
  /** Backlog: the count at the end of the range's last day (or now, if it has not ended). */
  latest?: number | null;
  /** KPI-specific extras (AHT coverage, NPS breakdown, CES per scale, backlog at range end). */
  detail?: Record<string, unknown>;
}

export interface BoardSlice extends CellStats {
  sliceValue: string;
  previous: CellStats | null;
  /** See {@link BoardKpi.changeKind}; null when either period has no headline value. */
  change: number | null;
}

export interface BoardKpi {
  kpi: KpiName;
  unit: KpiUnit;
  /** Which statistic headlines the KPI (median for durations, rate for rates…). */
  headline: 'median' | 'mean' | 'rate' | 'score' | 'latest';
  direction: 'lower_is_better' | 'higher_is_better';
  /**
   * `relative`: (current − previous) / |previous| of the headline, a fraction;
   * `absolute`: current − previous in the KPI's unit (rates and NPS, where ratios of ratios mislead).
   */
  changeKind: 'relative' | 'absolute';
  /** False for KPIs that have no business-hours variant (rates, AHT, surveys, backlog). */
  businessHoursApplied: boolean;
  /** Null when computed; otherwise why the KPI cannot be computed from stored data. */
  unavailable: string | null;
  slices: BoardSlice[];
}

export interface Board {
  from: string;
  to: string;
  businessHours: boolean;
  /** How the agent slice attributes a ticket: its assignee as of the latest analysis. */
  attribution: 'assignee';
  previous: { from: string; to: string };
  kpis: BoardKpi[];
}

export interface TrendPoint extends CellStats {
  /** First local day of the bucket (a Monday for weeks). */
  start: string;
}

export interface Trend {
  kpi: KpiName;
  granularity: Granularity;
  businessHours: boolean;
  /** As on the board: why the KPI cannot be computed, else null. */
  unavailable: string | null;
  points: TrendPoint[];
}

export interface DrilldownTicket {
  ticketId: string;
  /** The ticket's value for the KPI: seconds, 0/1 for rates, the answer for surveys. */
  value: number | null;
  /** The instant that put the ticket in the cell (completing event), ISO. */
  at: string;
  status: string;
  groupId: string | null;
  assigneeId: string | null;
  channel: string | null;
  /** Survey KPIs: the answer's scale, `min-max` (CES values are direction-normalised). */
  scale?: string;
}

export interface Drilldown {
  tickets: DrilldownTicket[];
  /** Opaque; null when there is nothing more. A page may hold fewer than `limit` tickets. */
  nextCursor: string | null;
}
