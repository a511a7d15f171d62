import { Temporal } from 'temporal-polyfill';
import type { Instant, LocalDate } from '../domain/index.js';
import { dateOfEpochDay } from './calendar-day.js';

/*
 * Local dates and local midnights with Temporal's time-zone arithmetic done once per offset span
 * instead of once per instant or day. A zone's offset only changes at its transitions (about two
 * a year), so after the first lookup in a span the local day is `floor((at + offset) / day)`: a
 * backfill asks this for every instant of every ticket's metrics, and the polyfill's zoned
 * conversion (allocating a ZonedDateTime and a PlainDate each time) was 9 % of a backfill
 * worker's CPU; boards and trends ask for every day's midnight.
 */

const DAY_MS = 86_400_000;
/** Spans kept per zone; a history of decades has fewer, so the cap only bounds odd callers. */
const MAX_SPANS = 256;
/** Day numbers (days since 1970-01-01) of the years 0001–9999, which ISO text writes plainly. */
const FIRST_PLAIN_DAY = -719_162;
const LAST_PLAIN_DAY = 2_932_896;

/** `[from, to)`: instants over which the zone keeps one UTC offset. */
interface Span {
  from: number;
  to: number;
  offsetMs: number;
}

/** Each zone's spans found so far, disjoint and sorted by `from` for a binary search. */
const spansByZone = new Map<string, Span[]>();
const dayText = new Map<number, LocalDate>();

/** The local date (`YYYY-MM-DD`) of `at` in `timeZone`; the same answer as Temporal's. */
export function localDayOfCached(at: Instant, timeZone: string): LocalDate {
  const day = Math.floor((at + offsetAt(at, timeZone)) / DAY_MS);
  if (day < FIRST_PLAIN_DAY || day > LAST_PLAIN_DAY) return temporalDay(at, timeZone);
  let text = dayText.get(day);
  if (text === undefined) {
    text = dateOfEpochDay(day);
    dayText.set(day, text);
  }
  return text;
}

/**
 * The instant local day `day` (days since 1970-01-01) starts in `timeZone`, as Temporal's
 * `PlainDate#toZonedDateTime({ timeZone })` gives it: the day's midnight; the earlier one when
 * the clocks go back over midnight; and where midnight is skipped (Santiago's and Havana's spring
 * forward, Apia's lost 30 December 2011) the first instant of the day, the transition.
 *
 * It mirrors the polyfill's own search for a wall-clock time: the offsets a day either side of
 * midnight bound the candidates, which the offset at each candidate confirms or rules out.
 */
export function startOfLocalDay(day: number, timeZone: string): Instant {
  if (day < FIRST_PLAIN_DAY || day > LAST_PLAIN_DAY) {
    return Temporal.PlainDate.from(dateOfEpochDay(day)).toZonedDateTime({ timeZone })
      .epochMilliseconds;
  }
  const midnight = day * DAY_MS;
  const before = offsetAt(midnight - DAY_MS, timeZone);
  const after = offsetAt(midnight + DAY_MS, timeZone);
  if (before === after) return midnight - before;
  const narrow = offsetAt(midnight - before, timeZone);
  if (narrow === offsetAt(midnight - after, timeZone)) return midnight - narrow;
  // Midnight happens twice (the offset fell): the first. Or never (it rose): the transition.
  if (before > after) return midnight - before;
  return spanOf(midnight - DAY_MS, timeZone).to;
}

function offsetAt(at: Instant, timeZone: string): number {
  return spanOf(at, timeZone).offsetMs;
}

function spanOf(at: Instant, timeZone: string): Span {
  let spans = spansByZone.get(timeZone);
  if (spans === undefined || spans.length >= MAX_SPANS) {
    spans = [];
    spansByZone.set(timeZone, spans);
  }
  // The first span starting after `at`; the one before it is the only one that can hold `at`.
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((spans[mid]?.from ?? Infinity) > at) hi = mid;
    else lo = mid + 1;
  }
  const candidate = spans[lo - 1];
  if (candidate !== undefined && at < candidate.to) return candidate;
  const span = findSpan(at, timeZone);
  spans.splice(lo, 0, span);
  return span;
}

function findSpan(at: Instant, timeZone: string): Span {
  const zoned = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone);
  const offsetMs = zoned.offsetNanoseconds / 1_000_000;
  const next = zoned.getTimeZoneTransition('next');
  const previous = zoned.getTimeZoneTransition('previous');
  // 'previous' is strictly before `at`: when `at` is itself a transition, the span before it had
  // another offset, so the span starts at `at`. That holds for a zone's first transition too,
  // which has no previous one (Ceuta's, 1901): the span before it must not reach past `at`.
  let from = previous === null ? -Infinity : previous.epochMilliseconds;
  if (
    previous === null
      ? offsetBefore(at, timeZone) !== offsetMs
      : previous.offsetNanoseconds / 1_000_000 !== offsetMs
  ) {
    from = at;
  }
  return { from, to: next === null ? Infinity : next.epochMilliseconds, offsetMs };
}

/** The offset just before `at` (1 ms; transitions fall on whole seconds). */
function offsetBefore(at: Instant, timeZone: string): number {
  return (
    Temporal.Instant.fromEpochMilliseconds(at - 1).toZonedDateTimeISO(timeZone).offsetNanoseconds /
    1_000_000
  );
}

function temporalDay(at: Instant, timeZone: string): LocalDate {
  return Temporal.Instant.fromEpochMilliseconds(at)
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}
