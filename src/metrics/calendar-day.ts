import { Temporal } from 'temporal-polyfill';
import type { LocalDate } from '../domain/index.js';

/*
 * Calendar days as integers: a day number counts days since 1970-01-01 in the proleptic Gregorian
 * calendar (ISO 8601's and Temporal's), so the next day is `day + 1`, a week is 7 and the ISO
 * weekday is the day number mod 7. Boards and trends walk hundreds of days and bucket thousands
 * of rollup rows by week; a Temporal.PlainDate per step (parse, add, print) was a tenth of the
 * board's CPU. The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`.
 *
 * Every answer is Temporal's: text outside the plain `YYYY-MM-DD` of a real date (which Temporal
 * reads leniently, e.g. 2024-02-30 as 2024-02-29) and days outside the years 0000–9999 (which
 * Temporal writes as ±YYYYYY, or refuses) go through Temporal itself.
 */

/** Day numbers of 0000-01-01 and 9999-12-31, the days whose text is plain `YYYY-MM-DD`. */
const FIRST_PLAIN_DAY = -719_528;
const LAST_PLAIN_DAY = 2_932_896;
const DAYS_PER_ERA = 146_097;
/** Day number of 0000-03-01: eras of 400 years start on 1 March so leap days end them. */
const ERA_SHIFT = 719_468;

/** A date's year, month (1–12) and day of the month. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** The day number (days since 1970-01-01) of a date as Temporal.PlainDate.from reads it. */
export function epochDayOf(date: LocalDate): number {
  const parts = plainParts(date);
  if (parts !== null) return epochDayOfParts(parts.year, parts.month, parts.day);
  const lenient = Temporal.PlainDate.from(date);
  return epochDayOfParts(lenient.year, lenient.month, lenient.day);
}

/** The `YYYY-MM-DD` text of a day number, as Temporal writes it. */
export function dateOfEpochDay(day: number): LocalDate {
  if (day < FIRST_PLAIN_DAY || day > LAST_PLAIN_DAY) {
    return Temporal.PlainDate.from('1970-01-01').add({ days: day }).toString();
  }
  const { year, month, day: dayOfMonth } = partsOfEpochDay(day);
  return `${String(year).padStart(4, '0')}-${twoDigits(month)}-${twoDigits(dayOfMonth)}`;
}

/** The day number of a year, month (1–12) and day of the month; the month must be real. */
export function epochDayOfParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - ERA_SHIFT;
}

/** The year, month and day of the month of a day number. */
export function partsOfEpochDay(day: number): DateParts {
  const shifted = day + ERA_SHIFT;
  const era = Math.floor(shifted / DAYS_PER_ERA);
  const dayOfEra = shifted - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1,
  };
}

/** The ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The day number of the Monday starting the ISO week of a day number. */
export function weekStartOf(day: number): number {
  return day - isoWeekdayOf(day) + 1;
}

/** The day number of the first day of the month holding a day number. */
export function monthStartOf(day: number): number {
  return day - partsOfEpochDay(day).day + 1;
}

/** The day number of the first day of the month after the one holding a day number. */
export function monthAfter(day: number): number {
  return addMonths(monthStartOf(day), 1);
}

/**
 * A day number moved by whole months as Temporal's `add({ months })` does: the same day of the
 * month, or the month's last day when it is shorter (31 January + 1 month is 28 or 29 February).
 */
export function addMonths(day: number, months: number): number {
  const parts = partsOfEpochDay(day);
  const index = parts.year * 12 + parts.month - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return epochDayOfParts(year, month, Math.min(parts.day, daysInMonth(year, month)));
}

/** A date `days` days later (earlier when negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfEpochDay(epochDayOf(date) + days);
}

/** Days from `from` to `to`: 0 for the same date, negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return epochDayOf(to) - epochDayOf(from);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const ZERO = 48;

/** The parts of a real date written as plain `YYYY-MM-DD`, or null for anything else. */
function plainParts(text: string): DateParts | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return { year, month, day };
}

/** The decimal number in `text[from, to)`, or -1 when a character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${String(value)}` : String(value);
}
