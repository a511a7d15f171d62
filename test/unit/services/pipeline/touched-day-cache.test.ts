import { describe, expect, it } from 'vitest';
import { localDayOf } from '../../../../src/services/pipeline/rollup-day.js';
import { cachedLocalDayOf } from '../../../../src/services/pipeline/touched-day-cache.js';

const MINUTE = 60_000;

/** Every fifth minute (and the milliseconds around each) of a day either side of `around`. */
function instantsAround(around: number): number[] {
  const out: number[] = [];
  for (let at = around - 26 * 60 * MINUTE; at <= around + 26 * 60 * MINUTE; at += 5 * MINUTE) {
    out.push(at - 1, at, at + 1, at + 29_999);
  }
  return out;
}

describe('cachedLocalDayOf', () => {
  it.each([
    // A DST change at 02:00 local, a half-hour zone, and a zone whose DST ended at midnight.
    ['America/New_York', Date.UTC(2024, 2, 10, 7)],
    ['Asia/Kolkata', Date.UTC(2024, 0, 1, 18, 30)],
    ['America/Sao_Paulo', Date.UTC(2018, 1, 18, 2)],
    // Liberia kept UTC−00:44:30 until 1972: its local midnight, 00:44:30 UTC, splits a 15-minute
    // bucket, whose instants must not share a cached date.
    ['Africa/Monrovia', Date.UTC(1970, 5, 2, 0, 44, 30)],
  ])('gives localDayOf’s date for every instant around a change in %s', (zone, around) => {
    for (const at of instantsAround(around)) {
      expect(cachedLocalDayOf(at, zone), new Date(at).toISOString()).toBe(localDayOf(at, zone));
    }
  });

  it('keeps zones apart: the same instant is a different date in each', () => {
    const at = Date.UTC(2024, 5, 1, 23, 30);
    expect(cachedLocalDayOf(at, 'UTC')).toBe('2024-06-01');
    expect(cachedLocalDayOf(at, 'Asia/Tokyo')).toBe('2024-06-02');
    expect(cachedLocalDayOf(at, 'UTC')).toBe('2024-06-01');
  });
});
