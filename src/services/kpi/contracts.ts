import { z } from 'zod';
import {
  KPI_IDS,
  type KpiChangeKind,
  type KpiDayRule,
  type KpiDirection,
  type KpiDisplay,
  type KpiHeadline,
  type KpiSpec,
  type KpiUnit,
} from '../../metrics/kpi-registry.js';

/**
 * The board views' contracts (API contract, KPIs): one zod schema per view — board, trend,
 * drill-down — whose inferred types the services build, whose JSON Schema is the routes' OpenAPI
 * response, and whose types the app's bundle imports (types only, so zod stays out of the
 * browser). A renamed field fails the typecheck of all three.
 */

const KpiIdSchema = z.enum(KPI_IDS);
const UnitSchema = z.enum(['seconds', 'fraction', 'score', 'count']) satisfies z.ZodType<KpiUnit>;
const HeadlineSchema = z.enum([
  'median',
  'mean',
  'rate',
  'score',
  'latest',
]) satisfies z.ZodType<KpiHeadline>;
const DirectionSchema = z.enum([
  'lower_is_better',
  'higher_is_better',
]) satisfies z.ZodType<KpiDirection>;
const ChangeKindSchema = z.enum(['relative', 'absolute']) satisfies z.ZodType<KpiChangeKind>;

export const KpiDisplaySchema = z.object({
  decimals: z.number().int().min(0),
  businessHours: z.boolean(),
  countOf: z.enum(['tickets', 'answers', 'instances', 'days']),
  scale: z.object({ min: z.number(), max: z.number() }).optional(),
}) satisfies z.ZodType<KpiDisplay>;

/** A registry entry as GET /api/v1/kpis/registry serves it. */
export const KpiSpecSchema = z.object({
  id: KpiIdSchema,
  unit: UnitSchema,
  direction: DirectionSchema,
  headline: HeadlineSchema,
  changeKind: ChangeKindSchema,
  day: z.enum([
    'first_reply',
    'first_solve',
    'last_solve',
    'survey_answer',
    'sla_decision',
    'day_end',
    'created',
  ]) satisfies z.ZodType<KpiDayRule>,
  display: KpiDisplaySchema,
}) satisfies z.ZodType<KpiSpec>;

export const KpiRegistrySchema = z.object({ kpis: z.array(KpiSpecSchema) });

const IntervalSchema = z.object({ low: z.number(), high: z.number() });

/** Statistics of one cell. Durations in seconds; rates are fractions 0..1. */
export const CellStatsSchema = z.object({
  n: z.number().int().min(0),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  mean: z.number().nullable(),
  /** Rate KPIs (and CES's easy share): successes / n; resolution rate: solved ÷ created (may exceed 1). */
  rate: z.number().nullable().optional(),
  /** 95% interval: Wilson for rates, multinomial normal for NPS (in NPS points). */
  ci: IntervalSchema.nullable().optional(),
  /** NPS: %promoters − %detractors, −100..100. */
  score: z.number().nullable().optional(),
  /** Backlog: the count at the end of the range's last day (or now, if it has not ended). */
  latest: z.number().nullable().optional(),
  /** KPI-specific extras (AHT coverage, NPS breakdown, CES per scale, SLA per metric). */
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type CellStats = z.infer<typeof CellStatsSchema>;

export const BoardSliceSchema = CellStatsSchema.extend({
  sliceValue: z.string(),
  /**
   * What the app shows for the value: the group's, agent's or brand's name as synced, a channel
   * or tag as itself; null for the whole team and for an id the helpdesk has not named (shown
   * as `#id`).
   */
  sliceName: z.string().nullable(),
  previous: CellStatsSchema.nullable(),
  /** See {@link BoardKpiSchema}'s changeKind; null when either period has no headline value. */
  change: z.number().nullable(),
});
export type BoardSlice = z.infer<typeof BoardSliceSchema>;

/** One KPI of the board: the registry's definition of it and its cells. */
export const BoardKpiSchema = z.object({
  kpi: KpiIdSchema,
  unit: UnitSchema,
  /** Which statistic headlines the KPI; the change is the change of this one. */
  headline: HeadlineSchema,
  direction: DirectionSchema,
  /** `relative`: a fraction of the previous headline; `absolute`: a difference in the unit. */
  changeKind: ChangeKindSchema,
  /** How the app shows it (decimals, what n counts, scale), from the registry. */
  display: KpiDisplaySchema,
  /** False for KPIs that have no business-hours variant (rates, AHT, surveys, backlog). */
  businessHoursApplied: z.boolean(),
  /** Null when computed; otherwise why the KPI cannot be computed from stored data. */
  unavailable: z.string().nullable(),
  slices: z.array(BoardSliceSchema),
});
export type BoardKpi = z.infer<typeof BoardKpiSchema>;

const RangeSchema = z.object({ from: z.string(), to: z.string() });

export const BoardSchema = RangeSchema.extend({
  businessHours: z.boolean(),
  /** How the agent slice attributes a ticket: its assignee as of the latest analysis. */
  attribution: z.literal('assignee'),
  previous: RangeSchema,
  kpis: z.array(BoardKpiSchema),
});
export type Board = z.infer<typeof BoardSchema>;

/** A re-analysis of the history as clients show it (board flag, admin API, CLI). */
export const ReanalysisProgressSchema = z.object({
  running: z.boolean(),
  /** Tickets of this re-analysis analysed again so far. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type ReanalysisProgress = z.infer<typeof ReanalysisProgressSchema>;

/** GET /kpis/board: the board plus the flag it shows while history is re-analysed. */
export const BoardDocumentSchema = BoardSchema.extend({ reanalysis: ReanalysisProgressSchema });
export type BoardDocument = z.infer<typeof BoardDocumentSchema>;

export const TrendPointSchema = CellStatsSchema.extend({
  /** First local day of the bucket (a Monday for weeks). */
  start: z.string(),
});
export type TrendPoint = z.infer<typeof TrendPointSchema>;

export const TrendSchema = z.object({
  kpi: KpiIdSchema,
  granularity: z.enum(['day', 'week']),
  businessHours: z.boolean(),
  /** As on the board: why the KPI cannot be computed, else null. */
  unavailable: z.string().nullable(),
  points: z.array(TrendPointSchema),
});
export type Trend = z.infer<typeof TrendSchema>;

export const DrilldownTicketSchema = z.object({
  ticketId: z.string(),
  /** Seconds, 0/1 for rates, the answer for surveys, the age in seconds for backlog. */
  value: z.number().nullable(),
  /** The instant that put the ticket in the cell (completing event), ISO. */
  at: z.string(),
  status: z.string(),
  groupId: z.string().nullable(),
  /** The group's synced name; null when there is no group or the helpdesk has not named it. */
  groupName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  /** The assignee's name, as {@link groupName}. */
  assigneeName: z.string().nullable(),
  channel: z.string().nullable(),
  /** Survey KPIs: the answer's scale, `min-max` (CES values are direction-normalised). */
  scale: z.string().optional(),
});
export type DrilldownTicket = z.infer<typeof DrilldownTicketSchema>;

export const DrilldownSchema = z.object({
  tickets: z.array(DrilldownTicketSchema),
  /** Opaque; null when there is nothing more. A page may hold fewer than `limit` tickets. */
  nextCursor: z.string().nullable(),
});
export type Drilldown = z.infer<typeof DrilldownSchema>;
