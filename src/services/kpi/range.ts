import { Temporal } from 'temporal-polyfill';
import type { Instant, LocalDate } from '../../domain/index.js';
import { rangeDays } from './schemas.js';

/** The period of equal length that ends the day before `from`. */
export function previousRange(from: LocalDate, to: LocalDate): { from: LocalDate; to: LocalDate } {
  const days = rangeDays(from, to);
  const start = Temporal.PlainDate.from(from);
  return {
    from: start.subtract({ days }).toString(),
    to: start.subtract({ days: 1 }).toString(),
  };
}

/** `[start, end)` instants of local days `from`..`to` in `timeZone` (DST-aware midnights). */
export function instantRange(
  from: LocalDate,
  to: LocalDate,
  timeZone: string,
): { start: Instant; end: Instant } {
  return {
    start: Temporal.PlainDate.from(from).toZonedDateTime({ timeZone }).epochMilliseconds,
    end: Temporal.PlainDate.from(to).add({ days: 1 }).toZonedDateTime({ timeZone })
      .epochMilliseconds,
  };
}

/** The local date of an instant in `timeZone`. */
export function localDate(at: Instant, timeZone: string): LocalDate {
  return Temporal.Instant.fromEpochMilliseconds(at)
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/** The Monday starting the ISO week of a local date. */
export function weekStart(day: LocalDate): LocalDate {
  const date = Temporal.PlainDate.from(day);
  return date.subtract({ days: date.dayOfWeek - 1 }).toString();
}
