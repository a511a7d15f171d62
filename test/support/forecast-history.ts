import { Temporal } from 'temporal-polyfill';
import type { HistoryDay } from '../../src/metrics/forecast.js';
import { seededUniform, type Uniform } from '../../src/metrics/forecast-random.js';

/**
 * A simulator-like support history with known seasonality: Poisson arrivals whose mean follows a
 * weekday pattern and a linear trend, a team that can solve a Poisson number per weekday (nothing
 * on holidays, little at weekends), a backlog that takes what is not solved, and a few reopens.
 * The process is the ground truth the forecast's bands are checked against.
 */
export interface TruthSpec {
  seed: number;
  days: number;
  start: string;
  /** Mean arrivals per weekday (Monday first). */
  arrivals: readonly number[];
  /** Mean solve capacity per weekday (Monday first). */
  capacity: readonly number[];
  trendPerDay: number;
  /** Day indexes that are holidays. */
  holidays: readonly number[];
  reopenRate: number;
}

export const SUPPORT_WEEK: Omit<TruthSpec, 'seed' | 'days' | 'holidays'> = {
  start: '2026-01-05',
  arrivals: [80, 70, 65, 62, 55, 20, 15],
  capacity: [78, 74, 70, 66, 60, 12, 8],
  trendPerDay: 0.05,
  reopenRate: 0.03,
};

export function simulateHistory(spec: TruthSpec): HistoryDay[] {
  const random = seededUniform(spec.seed);
  const start = Temporal.PlainDate.from(spec.start);
  const days: HistoryDay[] = [];
  let backlog = 120;
  for (let i = 0; i < spec.days; i += 1) {
    const date = start.add({ days: i });
    const weekday = date.dayOfWeek - 1;
    const isHoliday = spec.holidays.includes(i);
    const arrivalMean =
      ((spec.arrivals[weekday] ?? 0) + spec.trendPerDay * i) * (isHoliday ? 0.3 : 1);
    const created = poisson(random, arrivalMean);
    const capacity = isHoliday ? 0 : poisson(random, spec.capacity[weekday] ?? 0);
    const solved = Math.min(capacity, backlog + created);
    const reopened = poisson(random, spec.reopenRate * solved);
    backlog = backlog + created - solved + reopened;
    days.push({ date: date.toString(), weekday, isHoliday, created, solved, backlog });
  }
  return days;
}

/** Knuth's method; fine for the means used here (under ~150). */
export function poisson(random: Uniform, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}
