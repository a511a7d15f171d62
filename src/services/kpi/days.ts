import type { LocalDate } from '../../domain/index.js';
import { dateOfEpochDay, epochDayOf } from '../../metrics/calendar-day.js';

/** Every local date from `from` to `to` inclusive. */
export function daysOf(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  const last = epochDayOf(to);
  for (let day = epochDayOf(from); day <= last; day += 1) days.push(dateOfEpochDay(day));
  return days;
}
