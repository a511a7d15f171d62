import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Holiday, Schedule, WeeklyInterval } from '../../../src/domain/index.js';
import {
  businessMsBetween,
  createBusinessCalendar,
} from '../../../src/metrics/business-calendar.js';
import { mulberry32 } from '../../support/seeded-random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const NY = 'America/New_York';

/** Instants are written with explicit offsets (EST -05:00, EDT -04:00) so DST is visible in the table. */
const at = (iso: string): number => Temporal.Instant.from(iso).epochMilliseconds;

/** One interval per listed weekday (0 = Sunday), from `startHour` to `endHour`, which may pass 24. */
function daily(days: readonly number[], startHour: number, endHour: number): WeeklyInterval[] {
  return days.map((d) => ({
    startMinute: d * DAY_MINUTES + startHour * 60,
    endMinute: d * DAY_MINUTES + endHour * 60,
  }));
}

const holiday = (startDate: string, endDate = startDate): Holiday => ({
  name: 'holiday',
  startDate,
  endDate,
});

function schedule(
  timeZone: string,
  intervals: WeeklyInterval[],
  holidays: Holiday[] = [],
): Schedule {
  return { id: `s-${timeZone}`, name: 'test', timeZone, intervals, holidays };
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const nyOffice = schedule(NY, daily(WEEKDAYS, 9, 17));
const nyOfficeXmas = schedule(NY, daily(WEEKDAYS, 9, 17), [holiday('2024-12-25')]);
const nyNights = schedule(NY, daily([1, 2, 3, 4, 5], 22, 30));
const ny247 = schedule(NY, [{ startMinute: 0, endMinute: WEEK_MINUTES }]);
const utcOffice = schedule('UTC', daily(WEEKDAYS, 9, 17));
const saturdayNight: WeeklyInterval = {
  startMinute: 6 * DAY_MINUTES + 22 * 60,
  endMinute: WEEK_MINUTES + 6 * 60,
};

describe('businessMsBetween', () => {
  it.each([
    {
      name: 'B1 overnight gap',
      s: nyOffice,
      a: '2024-03-04T16:30-05:00',
      b: '2024-03-05T10:15-05:00',
      min: 105,
    },
    {
      name: 'B2 weekend + spring forward',
      s: nyOffice,
      a: '2024-03-08T16:00-05:00',
      b: '2024-03-11T10:00-04:00',
      min: 120,
    },
    {
      name: 'B3 holiday',
      s: nyOfficeXmas,
      a: '2024-12-24T16:00-05:00',
      b: '2024-12-26T10:00-05:00',
      min: 120,
    },
    {
      name: 'B3 without holiday',
      s: nyOffice,
      a: '2024-12-24T16:00-05:00',
      b: '2024-12-26T10:00-05:00',
      min: 600,
    },
    {
      name: 'B4 starts in weekend',
      s: nyOffice,
      a: '2024-03-02T10:00-05:00',
      b: '2024-03-04T09:30-05:00',
      min: 30,
    },
    {
      name: 'B5 overnight shift',
      s: nyNights,
      a: '2024-03-04T21:00-05:00',
      b: '2024-03-05T07:00-05:00',
      min: 480,
    },
    {
      name: 'B6 24/7 fall back (25 h)',
      s: ny247,
      a: '2024-11-03T00:00-04:00',
      b: '2024-11-04T00:00-05:00',
      min: 1500,
    },
    {
      name: 'B6 24/7 spring forward (23 h)',
      s: ny247,
      a: '2024-03-10T00:00-05:00',
      b: '2024-03-11T00:00-04:00',
      min: 1380,
    },
    {
      name: 'B7 UTC week (144000 s)',
      s: utcOffice,
      a: '2022-03-20T00:00Z',
      b: '2022-03-26T23:59Z',
      min: 144_000 / 60,
    },
    {
      name: 'B9 inside one weekend',
      s: nyOffice,
      a: '2024-03-02T10:00-05:00',
      b: '2024-03-03T18:00-05:00',
      min: 0,
    },
    {
      name: 'overlapping intervals are merged',
      s: schedule(NY, [...daily([1], 9, 13), ...daily([1], 11, 17), ...daily([1], 9, 17)]),
      a: '2024-03-04T00:00-05:00',
      b: '2024-03-05T00:00-05:00',
      min: 480,
    },
    {
      name: 'holiday spanning a whole week',
      s: schedule(NY, daily(WEEKDAYS, 9, 17), [holiday('2024-12-23', '2024-12-27')]),
      a: '2024-12-20T16:00-05:00',
      b: '2024-12-30T10:00-05:00',
      min: 120,
    },
    {
      name: 'overnight shift cut by a holiday',
      s: schedule(NY, daily([1, 2, 3, 4, 5], 22, 30), [holiday('2024-03-05')]),
      a: '2024-03-04T21:00-05:00',
      b: '2024-03-05T07:00-05:00',
      min: 120,
    },
    {
      name: 'Saturday shift wraps into Sunday',
      s: schedule(NY, [saturdayNight]),
      a: '2024-03-02T21:00-05:00',
      b: '2024-03-03T07:00-05:00',
      min: 480,
    },
    {
      name: 'wrapped shift over spring forward',
      s: schedule(NY, [saturdayNight]),
      a: '2024-03-09T21:00-05:00',
      b: '2024-03-10T07:00-04:00',
      min: 420,
    },
    {
      name: 'wrapped shift with a Sunday holiday',
      s: schedule(NY, [saturdayNight], [holiday('2024-03-03')]),
      a: '2024-03-02T21:00-05:00',
      b: '2024-03-03T07:00-05:00',
      min: 120,
    },
    {
      name: 'gap: 02:30 start -> 03:30 EDT',
      s: schedule(NY, [{ startMinute: 150, endMinute: 240 }]),
      a: '2024-03-10T00:00-05:00',
      b: '2024-03-11T00:00-04:00',
      min: 30,
    },
    {
      name: 'ambiguous 01:30 start takes EDT',
      s: schedule(NY, [{ startMinute: 90, endMinute: 180 }]),
      a: '2024-11-03T00:00-04:00',
      b: '2024-11-04T00:00-05:00',
      min: 150,
    },
    {
      name: 'Kolkata (+05:30) full day',
      s: schedule('Asia/Kolkata', daily(WEEKDAYS, 9, 17)),
      a: '2024-03-04T03:00Z',
      b: '2024-03-04T12:00Z',
      min: 480,
    },
    {
      name: 'Kolkata (+05:30) morning',
      s: schedule('Asia/Kolkata', daily(WEEKDAYS, 9, 17)),
      a: '2024-03-04T03:00Z',
      b: '2024-03-04T04:30Z',
      min: 60,
    },
    {
      name: 'Auckland office, April fall back',
      s: schedule('Pacific/Auckland', daily(WEEKDAYS, 9, 17)),
      a: '2024-04-05T16:00+13:00',
      b: '2024-04-08T10:00+12:00',
      min: 120,
    },
    {
      name: 'Auckland office, Sept spring fwd',
      s: schedule('Pacific/Auckland', daily(WEEKDAYS, 9, 17)),
      a: '2024-09-27T16:00+12:00',
      b: '2024-09-30T10:00+13:00',
      min: 120,
    },
    {
      name: 'Auckland 24/7 April day (25 h)',
      s: schedule('Pacific/Auckland', [{ startMinute: 0, endMinute: WEEK_MINUTES }]),
      a: '2024-04-07T00:00+13:00',
      b: '2024-04-08T00:00+12:00',
      min: 1500,
    },
    {
      name: 'Auckland 24/7 Sept day (23 h)',
      s: schedule('Pacific/Auckland', [{ startMinute: 0, endMinute: WEEK_MINUTES }]),
      a: '2024-09-29T00:00+12:00',
      b: '2024-09-30T00:00+13:00',
      min: 1380,
    },
    {
      name: 'b before a',
      s: nyOffice,
      a: '2024-03-05T10:00-05:00',
      b: '2024-03-04T10:00-05:00',
      min: 0,
    },
  ])('$name: $min business min', ({ s, a, b, min }) => {
    expect(businessMsBetween(createBusinessCalendar(s), at(a), at(b))).toBe(min * MINUTE);
  });
});

describe('addBusinessMs', () => {
  const nyHolidays = schedule(NY, daily(WEEKDAYS, 9, 17), [
    holiday('2024-12-25'),
    holiday('2025-01-01'),
  ]);
  it.each([
    {
      name: 'T-SLA breach_at (§11d)',
      s: nyOffice,
      from: '2024-03-04T16:30-05:00',
      min: 60,
      want: '2024-03-05T09:30-05:00',
    },
    {
      name: 'from a Saturday',
      s: nyOffice,
      from: '2024-03-02T10:00-05:00',
      min: 1,
      want: '2024-03-04T09:01-05:00',
    },
    {
      name: 'ms = 0 inside a closed period',
      s: nyOffice,
      from: '2024-03-02T10:00-05:00',
      min: 0,
      want: '2024-03-02T10:00-05:00',
    },
    {
      name: 'ends exactly at closing time',
      s: nyOffice,
      from: '2024-03-04T09:00-05:00',
      min: 480,
      want: '2024-03-04T17:00-05:00',
    },
    {
      name: 'over a weekend and DST',
      s: nyOffice,
      from: '2024-03-08T16:00-05:00',
      min: 120,
      want: '2024-03-11T10:00-04:00',
    },
    {
      name: 'over a holiday',
      s: nyHolidays,
      from: '2024-12-24T16:00-05:00',
      min: 120,
      want: '2024-12-26T10:00-05:00',
    },
    {
      name: 'into the next (unbuilt) year',
      s: nyHolidays,
      from: '2024-12-31T16:00-05:00',
      min: 120,
      want: '2025-01-02T10:00-05:00',
    },
    {
      name: '24/7 fall back day',
      s: ny247,
      from: '2024-11-03T00:00-04:00',
      min: 1500,
      want: '2024-11-04T00:00-05:00',
    },
  ])('$name', ({ s, from, min, want }) => {
    const calendar = createBusinessCalendar(s);
    const result = calendar.addBusinessMs(at(from), min * MINUTE);
    expect(result).toBe(at(want));
    expect(businessMsBetween(calendar, at(from), result)).toBe(min * MINUTE);
  });

  it.each([
    { name: 'negative', ms: -1 },
    { name: 'NaN', ms: Number.NaN },
    { name: 'infinite', ms: Number.POSITIVE_INFINITY },
  ])('rejects a $name ms', ({ ms }) => {
    const calendar = createBusinessCalendar(nyOffice);
    expect(() => calendar.addBusinessMs(at('2024-03-04T09:00-05:00'), ms)).toThrow(RangeError);
  });
});

describe('schedule without intervals', () => {
  const calendar = createBusinessCalendar(schedule(NY, []));
  const instants = ['2024-03-04T09:00-05:00', '1990-06-01T12:00Z', '2150-01-01T00:00Z'].map(at);

  it.each(instants)('cumulativeMs(%d) is constant', (t) => {
    expect(calendar.cumulativeMs(t)).toBe(calendar.cumulativeMs(instants[0] ?? 0));
  });

  it('never reaches a positive target (Infinity) but honours ms = 0', () => {
    const from = at('2024-03-04T09:00-05:00');
    expect(calendar.addBusinessMs(from, MINUTE)).toBe(Number.POSITIVE_INFINITY);
    expect(calendar.addBusinessMs(from, 0)).toBe(from);
    expect(businessMsBetween(calendar, from, from + 7 * 24 * HOUR)).toBe(0);
  });
});

describe('table extension', () => {
  it('a ticket open for 3 years equals the sum of its yearly pieces', () => {
    const bounds = ['2021-01-04', '2022-01-01', '2023-01-01', '2024-01-01', '2024-01-03'].map((d) =>
      at(`${d}T00:00-05:00`),
    );
    const pieces = bounds
      .slice(1)
      .map((b, k) => businessMsBetween(createBusinessCalendar(nyOffice), bounds[k] ?? 0, b));
    const whole = businessMsBetween(
      createBusinessCalendar(nyOffice),
      bounds[0] ?? 0,
      bounds[bounds.length - 1] ?? 0,
    );
    // 782 weekdays from Mon 2021-01-04 to Tue 2024-01-02 inclusive.
    expect(whole).toBe(782 * 8 * HOUR);
    expect(pieces.reduce((x, y) => x + y, 0)).toBe(whole);
  });

  it('keeps its origin when calls go backwards in time', () => {
    const instants = [
      '2024-06-03T12:00-04:00',
      '2021-02-01T10:00-05:00',
      '2023-11-05T01:30-05:00',
      '2019-12-31T16:59-05:00',
      '2026-01-05T09:30-05:00',
    ].map(at);
    const forwards = createBusinessCalendar(nyOfficeXmas);
    const sorted = [...instants].sort((x, y) => x - y);
    const expected = new Map(sorted.map((t) => [t, forwards.cumulativeMs(t)]));
    const backwards = createBusinessCalendar(nyOfficeXmas);
    const anchor = backwards.cumulativeMs(instants[0] ?? 0);
    for (const t of instants) {
      const diff = backwards.cumulativeMs(t) - anchor;
      const expectedDiff = (expected.get(t) ?? NaN) - (expected.get(instants[0] ?? 0) ?? NaN);
      expect(diff).toBe(expectedDiff);
    }
    // The first call's value must not have moved after the table grew in both directions.
    expect(backwards.cumulativeMs(instants[0] ?? 0)).toBe(anchor);
  });

  // Expanding 131 years through Temporal takes about a second; allow slow CI machines.
  it('spans 1970 to 2100 in one table', { timeout: 20_000 }, () => {
    const calendar = createBusinessCalendar(nyOffice);
    const late = calendar.cumulativeMs(at('2100-01-04T00:00-05:00'));
    const early = calendar.cumulativeMs(at('1970-01-05T00:00-05:00'));
    // Both dates are Mondays 6783 weeks apart; the schedule has no holidays.
    expect(late - early).toBe(6783 * 5 * 8 * HOUR);
  });

  it.each(['1899-12-31T12:00Z', '2201-01-02T00:00Z'])('rejects %s as out of range', (iso) => {
    const calendar = createBusinessCalendar(nyOffice);
    expect(() => calendar.cumulativeMs(at(iso))).toThrow(/outside the business calendar's range/);
  });

  it('rejects a NaN instant', () => {
    expect(() => createBusinessCalendar(nyOffice).cumulativeMs(Number.NaN)).toThrow(RangeError);
  });
});

describe('agrees with a minute-by-minute Temporal walk', () => {
  const s = schedule(NY, daily(WEEKDAYS, 9, 17), [
    holiday('2023-07-04'),
    holiday('2023-11-23', '2023-11-24'),
    holiday('2023-12-25', '2024-01-01'),
    holiday('2024-07-04'),
    holiday('2024-11-28', '2024-11-29'),
    holiday('2024-12-25'),
  ]);

  /** Business per the definition: the local minute-of-week is in an interval and the day is no holiday. */
  function isBusinessMinute(t: number): boolean {
    const local = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(s.timeZone);
    const date = local.toPlainDate().toString();
    if (s.holidays.some((h) => h.startDate <= date && date <= h.endDate)) return false;
    const minute = (local.dayOfWeek % 7) * DAY_MINUTES + local.hour * 60 + local.minute;
    return s.intervals.some((i) => minute >= i.startMinute && minute < i.endMinute);
  }

  function slowBusinessMs(a: number, b: number): number {
    // Every boundary here (9:00, 17:00, midnight, NY DST at 02:00) is on a quarter hour, so one
    // Temporal lookup per quarter hour keeps the walk exact and the test fast.
    const QUARTER = 15 * MINUTE;
    let slot = Number.NaN;
    let open = false;
    let minutes = 0;
    for (let t = a; t < b; t += MINUTE) {
      if (Math.floor(t / QUARTER) !== slot) {
        slot = Math.floor(t / QUARTER);
        open = isBusinessMinute(t);
      }
      if (open) minutes++;
    }
    return minutes * MINUTE;
  }

  // A seeded generator keeps the sample reproducible.
  const next = mulberry32(20240310);
  const rangeStart = at('2023-01-01T00:00Z');
  const rangeMinutes = (at('2025-01-01T00:00Z') - rangeStart) / MINUTE;
  const pairs: [number, number][] = [
    // Fixed pairs across both DST changes and the longest holiday, then random ones.
    [at('2024-03-08T12:00-05:00'), at('2024-03-12T12:00-04:00')],
    [at('2023-11-01T12:00-04:00'), at('2023-11-07T12:00-05:00')],
    [at('2023-12-22T16:07-05:00'), at('2024-01-02T09:13-05:00')],
  ];
  while (pairs.length < 50) {
    const a = rangeStart + Math.floor(next() * rangeMinutes) * MINUTE;
    pairs.push([a, a + Math.floor(next() * 10 * DAY_MINUTES) * MINUTE]);
  }
  // One shared calendar, called in random time order, also exercises backwards extension.
  const calendar = createBusinessCalendar(s);

  it.each(
    pairs.map(([a, b]) => ({
      a,
      b,
      label: `${new Date(a).toISOString()} +${(b - a) / MINUTE} min`,
    })),
  )('$label', ({ a, b }) => {
    const fast = businessMsBetween(calendar, a, b);
    expect(fast).toBe(slowBusinessMs(a, b));
    const breach = calendar.addBusinessMs(a, fast);
    expect(breach).toBeLessThanOrEqual(b);
    expect(businessMsBetween(calendar, a, breach)).toBe(fast);
    if (fast > 0) expect(businessMsBetween(calendar, a, breach - 1)).toBeLessThan(fast);
    expect(calendar.cumulativeMs(b)).toBeGreaterThanOrEqual(calendar.cumulativeMs(a));
  });
});
