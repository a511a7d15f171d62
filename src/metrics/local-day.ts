import { Temporal } from 'temporal-polyfill';
import type { Instant, LocalDate } from '../domain/index.js';

/*
 * The local date of an instant, with Temporal's time-zone arithmetic done once per offset span
 * instead of once per instant. A zone's offset only changes at its transitions (about two a year),
 * so after the first lookup in a span the local day is `floor((at + offset) / day)`: a backfill
 * asks this for every instant of every ticket's metrics, and the polyfill's zoned conversion
 * (allocating a ZonedDateTime and a PlainDate each time) was 9 % of a backfill worker's CPU.
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

const spansByZone = new Map<string, Span[]>();
const dayText = new Map<number, LocalDate>();

/** The local date (`YYYY-MM-DD`) of `at` in `timeZone`; the same answer as Temporal's. */
export function localDayOfCached(at: Instant, timeZone: string): LocalDate {
  const span = spanOf(at, timeZone);
  const day = Math.floor((at + span.offsetMs) / DAY_MS);
  if (day < FIRST_PLAIN_DAY || day > LAST_PLAIN_DAY) return temporalDay(at, timeZone);
  let text = dayText.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayText.set(day, text);
  }
  return text;
}

function spanOf(at: Instant, timeZone: string): Span {
  let spans = spansByZone.get(timeZone);
  if (spans === undefined || spans.length >= MAX_SPANS) {
    spans = [];
    spansByZone.set(timeZone, spans);
  }
  for (const span of spans) if (at >= span.from && at < span.to) return span;
  const span = findSpan(at, timeZone);
  spans.push(span);
  return span;
}

function findSpan(at: Instant, timeZone: string): Span {
  const zoned = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone);
  const offsetMs = zoned.offsetNanoseconds / 1_000_000;
  const next = zoned.getTimeZoneTransition('next');
  const previous = zoned.getTimeZoneTransition('previous');
  // 'previous' is strictly before `at`: when `at` is itself a transition, the span before it had
  // another offset, so the span starts at `at`.
  const startsEarlier =
    previous !== null && previous.offsetNanoseconds / 1_000_000 === offsetMs
      ? previous.epochMilliseconds
      : at;
  return {
    from: previous === null ? -Infinity : startsEarlier,
    to: next === null ? Infinity : next.epochMilliseconds,
    offsetMs,
  };
}

function temporalDay(at: Instant, timeZone: string): LocalDate {
  return Temporal.Instant.fromEpochMilliseconds(at)
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}
