import type { LocalDate } from '../domain/index.js';
import { bandOf, type Band, type DailyForecast, type FutureDay } from './forecast.js';
import { normalDraw, seededUniform, type Uniform } from './forecast-random.js';

export const HOURS_PER_DAY = 24;

/** Tickets created and solved in one local hour of one past day. */
export interface HourCount {
  weekday: number;
  /** Local hour 0–23 (the repeated hour of a DST change folds into its hour). */
  hour: number;
  created: number;
  solved: number;
}

/** Each weekday's share of its day's created and solved tickets per hour (rows sum to 1). */
export interface HourProfile {
  created: number[][];
  solved: number[][];
}

export interface HourForecast {
  date: LocalDate;
  weekday: number;
  hour: number;
  created: Band;
  solved: Band;
  /** Backlog at the end of the hour. */
  backlog: Band;
}

/**
 * The daily-seasonality profile: per weekday, the share of the day's tickets each hour gets, from
 * past hourly counts. A weekday without any count spreads evenly (nothing says otherwise).
 */
export function hourProfile(counts: readonly HourCount[]): HourProfile {
  const table = (key: 'created' | 'solved') => {
    const rows = Array.from({ length: 7 }, () => new Array<number>(HOURS_PER_DAY).fill(0));
    for (const c of counts) {
      const row = rows[c.weekday];
      if (row !== undefined && c.hour >= 0 && c.hour < HOURS_PER_DAY) {
        row[c.hour] = (row[c.hour] ?? 0) + c[key];
      }
    }
    return rows.map((row) => {
      const total = row.reduce((s, v) => s + v, 0);
      return total > 0 ? row.map((v) => v / total) : row.map(() => 1 / HOURS_PER_DAY);
    });
  };
  return { created: table('created'), solved: table('solved') };
}

/**
 * Per weekday × hour for the first `days` forecast days: every simulated daily path is split into
 * hours (a multinomial over the weekday's hourly profile, drawn as successive binomials), so the
 * hourly bands carry both the day's uncertainty and the hour-to-hour scatter. The backlog runs
 * through the day by the hourly flows and reaches the path's end-of-day backlog at the last hour
 * (the day's other change — reopens, merges, the rounding to whole tickets — is spread evenly).
 */
export function forecastHourly(
  daily: DailyForecast,
  future: readonly FutureDay[],
  profile: HourProfile,
  days: number,
  seed: number,
): HourForecast[] {
  const random = seededUniform(seed);
  const n = future.length;
  const count = daily.paths.count;
  const horizon = Math.min(days, n);
  const stride = horizon * HOURS_PER_DAY;
  const created = new Float64Array(count * stride);
  const solved = new Float64Array(count * stride);
  const backlog = new Float64Array(count * stride);
  for (let p = 0; p < count; p += 1) {
    let before = daily.paths.startBacklog;
    for (let k = 0; k < horizon; k += 1) {
      const weekday = future[k]?.weekday ?? 0;
      const dayCreated = daily.paths.created[p * n + k] ?? 0;
      const daySolved = daily.paths.solved[p * n + k] ?? 0;
      const dayEnd = daily.paths.backlog[p * n + k] ?? 0;
      const inHours = split(random, dayCreated, profile.created[weekday] ?? []);
      const outHours = split(random, daySolved, profile.solved[weekday] ?? []);
      // Whatever the hours' flows (whole tickets) leave unexplained of the day's backlog change.
      const other = dayEnd - (before + sumOf(inHours) - sumOf(outHours));
      let running = before;
      for (let h = 0; h < HOURS_PER_DAY; h += 1) {
        const at = p * stride + k * HOURS_PER_DAY + h;
        running += (inHours[h] ?? 0) - (outHours[h] ?? 0) + other / HOURS_PER_DAY;
        created[at] = inHours[h] ?? 0;
        solved[at] = outHours[h] ?? 0;
        backlog[at] = Math.max(0, running);
      }
      before = dayEnd;
    }
  }
  const out: HourForecast[] = [];
  for (let k = 0; k < horizon; k += 1) {
    const day = future[k];
    if (day === undefined) continue;
    for (let h = 0; h < HOURS_PER_DAY; h += 1) {
      const offset = k * HOURS_PER_DAY + h;
      out.push({
        date: day.date,
        weekday: day.weekday,
        hour: h,
        created: bandOf(created, stride, offset, count),
        solved: bandOf(solved, stride, offset, count),
        backlog: bandOf(backlog, stride, offset, count),
      });
    }
  }
  return out;
}

/**
 * Splits a day's count over 24 hours by `shares`: the rounded count drawn as a multinomial by
 * successive binomials (normal approximation, clipped to what is left), the last hour taking the
 * rest so the hours sum to the day.
 */
function split(random: Uniform, total: number, shares: readonly number[]): number[] {
  let left = Math.round(total);
  let mass = 1;
  const hours = new Array<number>(HOURS_PER_DAY).fill(0);
  for (let h = 0; h < HOURS_PER_DAY - 1 && left > 0; h += 1) {
    const share = shares[h] ?? 0;
    const q = mass > 0 ? Math.min(1, share / mass) : 0;
    const mean = left * q;
    const draw = Math.round(mean + Math.sqrt(mean * (1 - q)) * normalDraw(random));
    const x = Math.min(left, Math.max(0, draw));
    hours[h] = x;
    left -= x;
    mass -= share;
  }
  hours[HOURS_PER_DAY - 1] = left;
  return hours;
}

function sumOf(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
