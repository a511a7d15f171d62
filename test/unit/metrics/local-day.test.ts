import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { localDayOfCached, startOfLocalDay } from '../../../src/metrics/local-day.js';

/** The uncached answer: Temporal's zoned conversion of every instant. */
function temporalDay(at: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at)
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Rome',
  'Asia/Kolkata',
  'Australia/Lord_Howe', // half-hour DST shifts
  'Pacific/Apia', // skipped 30 December 2011 entirely
  'America/St_Johns',
];

/** Every offset transition of the zone between two instants. */
function transitions(timeZone: string, from: number, to: number): number[] {
  const found: number[] = [];
  let zoned = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(timeZone);
  for (;;) {
    const next = zoned.getTimeZoneTransition('next');
    if (next === null || next.epochMilliseconds > to) return found;
    found.push(next.epochMilliseconds);
    zoned = next;
  }
}

// The reference answers are Temporal's slow path: generous limits for a loaded machine.
describe('localDayOfCached', { timeout: 60_000 }, () => {
  it('gives Temporal’s local date at, just before and just after every transition', () => {
    for (const zone of ZONES) {
      const list = transitions(zone, Date.UTC(2009, 0, 1), Date.UTC(2027, 0, 1));
      if (!['UTC', 'Asia/Kolkata'].includes(zone)) expect(list.length).toBeGreaterThan(0);
      // Asked in an order that makes the cache answer from spans found for other instants.
      const instants = list.flatMap((t) => [t, t - 1, t + 1_800_000]);
      for (const at of [...instants, ...instants.reverse()]) {
        expect(localDayOfCached(at, zone), `${zone} ${new Date(at).toISOString()}`).toBe(
          temporalDay(at, zone),
        );
      }
    }
  });

  it('gives Temporal’s local date on every day of a year, either side of UTC midnight and at midday', () => {
    for (const zone of ZONES) {
      for (let day = Date.UTC(2011, 0, 1); day < Date.UTC(2012, 0, 1); day += 86_400_000) {
        for (const at of [day - 1, day + 13.5 * 3_600_000]) {
          expect(localDayOfCached(at, zone), `${zone} ${at}`).toBe(temporalDay(at, zone));
        }
      }
    }
  });

  it('gives Temporal’s text for far-away years and instants before 1970', () => {
    for (const at of [-62_198_755_200_000, Date.UTC(1960, 5, 1), 253_402_300_800_000]) {
      expect(localDayOfCached(at, 'Europe/Rome')).toBe(temporalDay(at, 'Europe/Rome'));
    }
  });

  it('rejects an unknown time zone as Temporal does', () => {
    expect(() => localDayOfCached(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

/** The reference: Temporal's start of a local day (its midnight, or the first instant after it). */
function temporalStart(day: number, timeZone: string): number {
  return Temporal.PlainDate.from('1970-01-01').add({ days: day }).toZonedDateTime({ timeZone })
    .epochMilliseconds;
}

const DAY = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

const MIDNIGHT_ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Rome',
  'America/Santiago', // spring forward at midnight: the day starts at 01:00
  'America/Havana', // the same
  'Asia/Beirut', // the same, every March until 2022
  'America/Sao_Paulo', // the same until 2019
  'Asia/Kathmandu', // +05:45
  'Australia/Lord_Howe', // 30-minute DST
  'Pacific/Chatham', // +12:45 / +13:45
  'Pacific/Apia', // no 30 December 2011
  'America/St_Johns',
];

// Temporal's zoned conversion is the reference for every day: generous limits.
describe('startOfLocalDay', { timeout: 120_000 }, () => {
  it('gives Temporal’s start of every day of 2005–2030 in zones with odd midnights', () => {
    const wrong: string[] = [];
    for (const zone of MIDNIGHT_ZONES) {
      for (let day = dayOf('2005-01-01'); day <= dayOf('2030-12-31'); day += 1) {
        const actual = startOfLocalDay(day, zone);
        const expected = temporalStart(day, zone);
        if (actual !== expected) wrong.push(`${zone} day ${String(day)}: ${String(actual)}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it.each([
    ['America/Santiago', '2022-09-11'],
    ['America/Havana', '2023-03-12'],
    ['Asia/Beirut', '2021-03-28'],
    ['America/Sao_Paulo', '2018-11-04'],
  ])('starts %s’s %s, whose midnight is skipped, at 01:00 as Temporal does', (zone, date) => {
    const start = startOfLocalDay(dayOf(date), zone);
    expect(start).toBe(temporalStart(dayOf(date), zone));
    const wall = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(zone);
    expect(wall.toPlainDateTime().toString()).toBe(`${date}T01:00:00`);
  });

  it('gives Temporal’s start of the days either side of every transition of 1900–2100', () => {
    for (const zone of MIDNIGHT_ZONES) {
      const list = transitions(zone, Date.UTC(1900, 0, 1), Date.UTC(2101, 0, 1));
      // Asked newest first, so the spans come from other lookups than in the test above.
      for (const t of list.reverse()) {
        const local = Math.floor(t / DAY);
        for (const day of [local - 1, local, local + 1, local + 2]) {
          expect(startOfLocalDay(day, zone), `${zone} day ${String(day)}`).toBe(
            temporalStart(day, zone),
          );
        }
      }
    }
  });

  it('starts the day before a zone’s first transition in its old offset (Ceuta, 1901)', () => {
    // Its first offset span is found from the transition itself, which has no previous one.
    const day = dayOf('1900-12-31');
    expect(startOfLocalDay(day, 'Africa/Ceuta')).toBe(temporalStart(day, 'Africa/Ceuta'));
    expect(localDayOfCached(day * DAY, 'Africa/Ceuta')).toBe('1900-12-30');
  });

  it('starts Apia’s 31 December 2011 at the end of 29 December, and has no 30th', () => {
    const start31 = startOfLocalDay(dayOf('2011-12-31'), 'Pacific/Apia');
    expect(startOfLocalDay(dayOf('2011-12-30'), 'Pacific/Apia')).toBe(start31);
    expect(start31 - startOfLocalDay(dayOf('2011-12-29'), 'Pacific/Apia')).toBe(DAY);
  });

  it('gives Temporal’s answer for far-away days and rejects an unknown zone', () => {
    for (const day of [-719_163, -719_162, 2_932_896, -25_000]) {
      expect(startOfLocalDay(day, 'Europe/Rome')).toBe(temporalStart(day, 'Europe/Rome'));
    }
    expect(() => startOfLocalDay(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});
