import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { localDayOfCached } from '../../../src/metrics/local-day.js';

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
