import type { LocalDate, Schedule } from '../../domain/index.js';
import type { FutureDay, HistoryDay } from '../../metrics/forecast.js';
import type { HourCount } from '../../metrics/forecast-hourly.js';
import { dateOfEpochDay, epochDayOf, isoWeekdayOf } from '../../metrics/calendar-day.js';
import type { TicketStore } from '../../store/store.js';
import { backlogFromRollups } from '../kpi/backlog-stats.js';
import { BACKLOG_METRICS, SOLVED_COUNT_METRIC } from '../kpi/catalog.js';
import { localDayEnds } from '../../metrics/backlog.js';
import { instantRange, localDate } from '../kpi/range.js';
import { FORECAST_DAYS, HISTORY_DAYS, PROFILE_DAYS } from './schemas.js';

/** What the forecast reads: the rollups, the schedules' holidays and hourly counts. */
export type ForecastInputStore = Pick<
  TicketStore,
  'listRollups' | 'sumRollupsBefore' | 'listSchedules' | 'countTicketsByHour'
>;

export interface ForecastInputs {
  /** Consecutive days ending yesterday, from the first day with any activity. */
  history: HistoryDay[];
  /** The days to forecast, from today. */
  future: FutureDay[];
  hourCounts: HourCount[];
}

/**
 * The whole team's (or one group's) daily history from the stored rollups — created (`created`
 * n), solved (n of the once-per-solve metric) and end-of-day backlog (the backlog rollups' running
 * sum, as the board counts it) — up to yesterday, the last whole day; holidays are the days every
 * schedule marks as one (the team is off only when all its schedules are).
 */
export async function loadForecastInputs(
  store: ForecastInputStore,
  installationId: string,
  groupId: string | null,
  timeZone: string,
  now: number,
): Promise<ForecastInputs> {
  const today = epochDayOf(localDate(now, timeZone));
  const last = dateOfEpochDay(today - 1);
  const first = dateOfEpochDay(today - HISTORY_DAYS);
  const dimension = groupId === null ? 'all' : 'group';
  const value = groupId ?? '';
  const profileRange = instantRange(dateOfEpochDay(today - PROFILE_DAYS), last, timeZone);
  const [rollups, baseline, schedules, hourCounts] = await Promise.all([
    store.listRollups(installationId, {
      from: first,
      to: last,
      dimension,
      metrics: ['created', SOLVED_COUNT_METRIC, ...BACKLOG_METRICS],
    }),
    store.sumRollupsBefore(installationId, { before: first, dimension, metrics: BACKLOG_METRICS }),
    store.listSchedules(installationId),
    store.countTicketsByHour(installationId, {
      from: profileRange.start,
      to: profileRange.end,
      timeZone,
      groupId,
    }),
  ]);
  const mine = rollups.filter((r) => r.dimensionValue === value);
  const ends = localDayEnds(first, last, timeZone);
  const backlog = backlogFromRollups(
    baseline.filter((b) => b.dimensionValue === value),
    mine,
    ends,
    [value],
  ).get(value);
  const count = (day: LocalDate, metric: string) =>
    mine.find((r) => r.day === day && r.metric === metric)?.n ?? 0;
  const isHoliday = holidayTest(schedules);
  const history = ends.map(({ date }, i) => ({
    date,
    weekday: weekdayOf(date),
    isHoliday: isHoliday(date),
    created: count(date, 'created'),
    solved: count(date, SOLVED_COUNT_METRIC),
    backlog: backlog?.[i]?.backlog ?? 0,
  }));
  // Days before the helpdesk's first activity are no data, not quiet days.
  const start = history.findIndex((d) => d.created > 0 || d.solved > 0 || d.backlog > 0);
  const future = Array.from({ length: FORECAST_DAYS }, (_, k) => {
    const date = dateOfEpochDay(today + k);
    return { date, weekday: weekdayOf(date), isHoliday: isHoliday(date) };
  });
  return { history: start < 0 ? [] : history.slice(start), future, hourCounts };
}

/** 0 = Monday … 6 = Sunday. */
function weekdayOf(date: LocalDate): number {
  return isoWeekdayOf(epochDayOf(date)) - 1;
}

function holidayTest(schedules: readonly Schedule[]): (date: LocalDate) => boolean {
  if (schedules.length === 0) return () => false;
  return (date) =>
    schedules.every((s) => s.holidays.some((h) => h.startDate <= date && date <= h.endDate));
}
