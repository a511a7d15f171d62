import { z } from 'zod';

/** Days of daily forecast, and of the weekday × hour one. */
export const FORECAST_DAYS = 14;
export const HOURLY_FORECAST_DAYS = 7;
/** History the model is fitted on: 26 weeks, enough for the 8-week backtest to refit at each origin. */
export const HISTORY_DAYS = 26 * 7;
/** Hourly profile window: the last 8 weeks give each weekday × hour eight days. */
export const PROFILE_DAYS = 8 * 7;

/** GET /api/v1/forecast (and .csv) query: the whole team, or one group by id. */
export const ForecastQuerySchema = z
  .object({
    group: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'expected a group id')
      .optional(),
  })
  .strict();
export type ForecastQuery = z.output<typeof ForecastQuerySchema>;

const IntervalSchema = z.object({ low: z.number(), high: z.number() });
const BandSchema = z.object({ mean: z.number(), p80: IntervalSchema, p95: IntervalSchema });

const AccuracySchema = z.object({
  mape: z.number().nullable(),
  mapePoints: z.number().int(),
  coverage80: z.number().nullable(),
  coverage95: z.number().nullable(),
  points: z.number().int(),
});

const HistoryPointSchema = z.object({
  date: z.string(),
  created: z.number().nullable(),
  solved: z.number().nullable(),
  backlog: z.number().nullable(),
  isHoliday: z.boolean(),
});

/** The forecast document (API contract, Forecast). */
export const ForecastDocumentSchema = z.object({
  group: z.string().nullable(),
  timeZone: z.string(),
  /** The last day of history (yesterday in the reporting zone); the forecast starts the day after. */
  asOf: z.string(),
  /** `ok`, or why there is no forecast (too little history). */
  status: z.enum(['ok', 'insufficient_history']),
  model: z.string(),
  history: z.array(HistoryPointSchema),
  daily: z.array(
    z.object({
      date: z.string(),
      isHoliday: z.boolean(),
      created: BandSchema,
      solved: BandSchema,
      backlog: BandSchema,
    }),
  ),
  hourly: z.array(
    z.object({
      date: z.string(),
      weekday: z.number().int(),
      hour: z.number().int(),
      created: BandSchema,
      solved: BandSchema,
      backlog: BandSchema,
    }),
  ),
  backtest: z.object({
    weeks: z.number().int(),
    horizonDays: z.number().int(),
    origins: z.number().int(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    created: AccuracySchema,
    solved: AccuracySchema,
    backlog: AccuracySchema,
  }),
});
export type ForecastDocument = z.output<typeof ForecastDocumentSchema>;
