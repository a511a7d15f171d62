import { describe, expect, it } from 'vitest';
import {
  instantRange,
  localDate,
  previousRange,
  weekStart,
} from '../../../../src/services/kpi/range.js';
import { ms } from '../../../support/timeline-builder.js';

describe('previousRange', () => {
  it.each([
    ['2024-03-04', '2024-03-10', '2024-02-26', '2024-03-03'],
    ['2024-03-01', '2024-03-31', '2024-01-30', '2024-02-29'],
    ['2024-01-01', '2024-01-01', '2023-12-31', '2023-12-31'],
  ])('%s..%s → %s..%s', (from, to, prevFrom, prevTo) => {
    expect(previousRange(from, to)).toEqual({ from: prevFrom, to: prevTo });
  });
});

describe('weeks start on Monday in the reporting zone, across DST', () => {
  const NY = 'America/New_York';
  it.each([
    // US spring forward is Sunday 2024-03-10: still the week of Monday 03-04.
    ['2024-03-10T03:30:00-04:00', '2024-03-10', '2024-03-04'],
    ['2024-03-11T00:30:00-04:00', '2024-03-11', '2024-03-11'],
    // 23:30 on Sunday 03-10 in New York is already Monday in UTC; the local week decides.
    ['2024-03-10T23:30:00-04:00', '2024-03-10', '2024-03-04'],
    // Fall back, Sunday 2024-11-03 01:30 happens twice; both are in the week of 10-28.
    ['2024-11-03T01:30:00-04:00', '2024-11-03', '2024-10-28'],
    ['2024-11-03T01:30:00-05:00', '2024-11-03', '2024-10-28'],
    ['2024-11-04T00:00:00-05:00', '2024-11-04', '2024-11-04'],
  ])('%s is local %s, week %s', (instant, day, week) => {
    expect(localDate(ms(instant), NY)).toBe(day);
    expect(weekStart(day)).toBe(week);
  });

  it('makes local days of 23 and 25 hours', () => {
    const spring = instantRange('2024-03-10', '2024-03-10', NY);
    const fall = instantRange('2024-11-03', '2024-11-03', NY);
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    expect((fall.end - fall.start) / 3_600_000).toBe(25);
    expect(spring.start).toBe(ms('2024-03-10T00:00:00-05:00'));
  });
});
