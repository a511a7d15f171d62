import { describe, expect, it } from 'vitest';
import { coverTallyRange } from '../../../src/store/survey-tally-cover.js';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

/** Every instant-hour of `[from, to)` is in exactly one segment day or edge (simple code). */
function expectExactCover(from: number, to: number) {
  const { segments, edges } = coverTallyRange(3, from, to);
  const covered: [number, number][] = edges.map((e) => [e.from, e.to]);
  for (const s of segments) {
    const first = Date.parse(`${s.first}T00:00:00Z`);
    const end = Date.parse(`${s.last}T00:00:00Z`) + DAY;
    if (s.period === 'week') {
      expect(new Date(first).getUTCDay(), s.first).toBe(1);
      expect(end - first).toBe(7 * DAY);
    }
    if (s.period === 'month') {
      expect(s.first.endsWith('-01'), s.first).toBe(true);
      expect(new Date(end).getUTCDate()).toBe(1);
    }
    covered.push([first, end]);
  }
  covered.sort((a, b) => a[0] - b[0]);
  let next = from;
  for (const [start, end] of covered) {
    expect(start).toBe(next);
    expect(end).toBeGreaterThan(start);
    next = end;
  }
  expect(next).toBe(to);
  expect([...segments, ...edges].every((p) => p.index === 3)).toBe(true);
}

describe('coverTallyRange', () => {
  it('reads a 90-day UTC range as months, whole weeks and a few days, with no edges', () => {
    const { segments, edges } = coverTallyRange(
      0,
      at('2024-10-03T00:00Z'),
      at('2025-01-01T00:00Z'),
    );
    expect(edges).toEqual([]);
    expect(segments.map((s) => [s.period, s.first, s.last])).toEqual([
      ['day', '2024-10-03', '2024-10-06'],
      ['week', '2024-10-07', '2024-10-13'],
      ['week', '2024-10-14', '2024-10-20'],
      ['week', '2024-10-21', '2024-10-27'],
      ['day', '2024-10-28', '2024-10-31'],
      ['month', '2024-11-01', '2024-11-30'],
      ['month', '2024-12-01', '2024-12-31'],
    ]);
  });

  // day-cover.ts: "a week that would cut into a month the range could read whole is left to
  // days" — also when the month's 1st is the Sunday that ends the week (2024-09-01).
  it('leaves to days a week whose Sunday is the 1st of a month read whole', () => {
    const { segments } = coverTallyRange(0, at('2024-08-26T00:00Z'), at('2024-10-01T00:00Z'));
    expect(segments.map((s) => [s.period, s.first, s.last])).toEqual([
      ['day', '2024-08-26', '2024-08-31'],
      ['month', '2024-09-01', '2024-09-30'],
    ]);
  });

  it('leaves the hours of partial UTC days at both ends to the answers', () => {
    // New York midnights (UTC−4 in summer, UTC−5 after the clocks change).
    const { segments, edges } = coverTallyRange(
      1,
      at('2024-10-01T04:00Z'),
      at('2024-11-15T05:00Z'),
    );
    expect(edges).toEqual([
      { index: 1, from: at('2024-10-01T04:00Z'), to: at('2024-10-02T00:00Z') },
      { index: 1, from: at('2024-11-15T00:00Z'), to: at('2024-11-15T05:00Z') },
    ]);
    expect(segments[0]).toEqual({
      index: 1,
      period: 'day',
      first: '2024-10-02',
      last: '2024-10-06',
    });
  });

  it('has only an edge for a range inside one UTC day, and nothing for an empty one', () => {
    const from = at('2024-04-02T01:00Z');
    expect(coverTallyRange(0, from, from + 5 * 3_600_000)).toEqual({
      segments: [],
      edges: [{ index: 0, from, to: from + 5 * 3_600_000 }],
    });
    expect(coverTallyRange(0, from, from)).toEqual({ segments: [], edges: [] });
  });

  it.each([
    ['2024-01-01T00:00Z', '2024-12-31T00:00Z'],
    ['2024-02-26T18:15Z', '2024-03-04T18:15Z'],
    ['2023-12-31T23:59Z', '2024-03-01T00:01Z'],
    ['2024-02-29T00:00Z', '2024-03-01T00:00Z'],
    ['2024-03-31T22:00Z', '2024-07-01T22:00Z'],
  ])('covers %s..%s exactly once', (from, to) => {
    expectExactCover(at(from), at(to));
  });
});
