import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
  addDays,
  addMonths,
  dateOfEpochDay,
  daysBetween,
  epochDayOf,
  isoWeekdayOf,
  monthAfter,
  monthStartOf,
  partsOfEpochDay,
  weekStartOf,
} from '../../../src/metrics/calendar-day.js';

/** Temporal's answer, or the class of error it throws. */
function outcome<T>(run: () => T): T | string {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? error.constructor.name : 'thrown';
  }
}

// Temporal (the independent reference) walks every day: generous limits for a loaded machine.
describe('calendar days against Temporal', { timeout: 120_000 }, () => {
  it('agrees on every day of 1900–2100: number, text, parts, weekday, week and month', () => {
    let date = Temporal.PlainDate.from('1900-01-01');
    let day = Temporal.PlainDate.from('1970-01-01').until(date).days;
    // Mismatches are collected, not asserted one by one: 73,414 days × 9 checks.
    const wrong: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown) => {
      if (actual !== expected) wrong.push(`${what}: ${String(actual)} ≠ ${String(expected)}`);
    };
    let checked = 0;
    while (date.year <= 2100) {
      const text = date.toString();
      check(`epochDayOf ${text}`, epochDayOf(text), day);
      check(`dateOfEpochDay ${text}`, dateOfEpochDay(day), text);
      const parts = partsOfEpochDay(day);
      check(
        `parts ${text}`,
        `${parts.year}/${parts.month}/${parts.day}`,
        `${date.year}/${date.month}/${date.day}`,
      );
      check(`weekday ${text}`, isoWeekdayOf(day), date.dayOfWeek);
      check(`weekStartOf ${text}`, weekStartOf(day), day - date.dayOfWeek + 1);
      check(`monthStartOf ${text}`, monthStartOf(day), day - date.day + 1);
      check(`monthAfter ${text}`, monthAfter(day), day - date.day + 1 + date.daysInMonth);
      // Month steps clamp to the shorter month's last day, as Temporal's add does.
      for (const months of date.day >= 28 ? [1, -1, 13] : [1]) {
        check(
          `addMonths ${text} ${String(months)}`,
          dateOfEpochDay(addMonths(day, months)),
          date.add({ months }).toString(),
        );
      }
      date = date.add({ days: 1 });
      day += 1;
      checked += 1;
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(checked).toBe(73_414);
  });

  it.each([
    ['2024-03-01', -1],
    ['2024-12-31', 1],
    ['2024-01-01', -366],
    ['2100-02-28', 1],
    ['2000-02-28', 1],
    ['1970-01-01', -25_567],
  ])('addDays(%s, %d) and daysBetween as Temporal', (date, days) => {
    const expected = Temporal.PlainDate.from(date).add({ days }).toString();
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each([
    ['0000-01-01'],
    ['0000-02-29'],
    ['0001-01-01'],
    ['9999-12-31'],
    ['+010000-01-01'],
    ['-000001-12-31'],
    ['2024-02-30'],
    ['2023-02-29'],
    ['2024-13-01'],
    ['2024-00-10'],
    ['20240315'],
    ['2024-03-15T10:00'],
    ['2024-3-15'],
    ['not a date'],
  ])('reads and writes %s as Temporal does, or fails as it does', (text) => {
    const reference = outcome(() => {
      const date = Temporal.PlainDate.from(text);
      return { day: Temporal.PlainDate.from('1970-01-01').until(date).days, text: date.toString() };
    });
    const mine = outcome(() => {
      const day = epochDayOf(text);
      return { day, text: dateOfEpochDay(day) };
    });
    expect(mine).toEqual(reference);
  });

  it.each([[2_932_896], [2_932_897], [-719_528], [-719_529], [100_000_000]])(
    'writes far day %d as Temporal does, or fails as it does',
    (day) => {
      expect(outcome(() => dateOfEpochDay(day))).toEqual(
        outcome(() => Temporal.PlainDate.from('1970-01-01').add({ days: day }).toString()),
      );
    },
  );
});
