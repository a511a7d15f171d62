import { describe, expect, it } from 'vitest';
import { backlogSteps, computeBacklog } from '../../../../src/metrics/backlog.js';
import type { StatusSegment } from '../../../../src/metrics/types.js';
import {
  backlogDayEnds,
  backlogFromRollups,
  backlogStats,
  openEndedSegments,
} from '../../../../src/services/kpi/backlog-stats.js';
import { localDayOf } from '../../../../src/services/pipeline/rollup-day.js';
import type { BacklogCandidate, KpiRollup } from '../../../../src/store/store.js';
import { ms } from '../../../support/timeline-builder.js';

const at = (iso: string) => ms(`${iso}Z`);
const seg = (status: StatusSegment['status'], from: string, to: string): StatusSegment => ({
  status,
  from: at(from),
  to: at(to),
});
const candidate = (id: string, segments: StatusSegment[]): BacklogCandidate => ({
  dims: {
    ticketId: id,
    status: segments.at(-1)?.status ?? 'new',
    groupId: null,
    assigneeId: null,
    channel: null,
    brandId: null,
    tags: [],
  },
  computedAt: segments.at(-1)?.to ?? 0,
  segments,
});

// metrics.md §12(d), reporting zone UTC, D1 = 2024-03-01; analysed at the end of D2 only, so
// B's pending segment must be carried to D3 by the open-ended last segment.
const ANALYSED = '2024-03-02T23:00:00';
const TICKETS = [
  candidate('A', [
    seg('open', '2024-03-01T10:00:00', '2024-03-03T09:00:00'),
    seg('solved', '2024-03-03T09:00:00', '2024-03-04T00:00:00'),
  ]),
  candidate('B', [seg('pending', '2024-03-02T08:00:00', ANALYSED)]),
  candidate('C', [
    seg('open', '2024-03-02T12:00:00', '2024-03-02T15:00:00'),
    seg('solved', '2024-03-02T15:00:00', ANALYSED),
  ]),
  candidate('D', [
    seg('open', '2024-03-01T23:30:00', '2024-03-03T18:00:00'),
    seg('solved', '2024-03-03T18:00:00', '2024-03-04T00:00:00'),
  ]),
];

/** Backlog from the tickets' segments directly (what drill-down lists). */
const fromSegments = (
  tickets: readonly BacklogCandidate[],
  days: Parameters<typeof computeBacklog>[1],
) => computeBacklog(tickets.map(openEndedSegments), days);

/** Backlog the board's way: each ticket's steps rolled up per UTC day as rollup-day.ts does. */
function fromRollups(
  tickets: readonly BacklogCandidate[],
  days: Parameters<typeof computeBacklog>[1],
  first: string,
) {
  const sums = new Map<string, number>();
  for (const t of tickets) {
    for (const step of backlogSteps(t.segments)) {
      const day = localDayOf(step.at, 'UTC');
      for (const [metric, value] of [
        ['backlog', step.backlog],
        ['backlog_actionable', step.actionable],
      ] as const) {
        const key = `${day}|${metric}`;
        sums.set(key, (sums.get(key) ?? 0) + value);
      }
    }
  }
  const rows: KpiRollup[] = [];
  const baseline: { dimensionValue: string; metric: string; sum: number }[] = [];
  for (const [key, sum] of sums) {
    const [day = '', metric = ''] = key.split('|');
    // Days before the range come to the board already summed (sumRollupsBefore).
    if (day < first) baseline.push({ dimensionValue: '', metric, sum });
    else
      rows.push({
        day,
        dimension: 'all',
        dimensionValue: '',
        metric,
        n: 1,
        nBusiness: 0,
        sum,
        sumBusiness: 0,
        sketch: { calendar: [], business: [] },
      });
  }
  return backlogFromRollups(baseline, rows, days, ['']).get('') ?? [];
}

describe('backlog', () => {
  it('counts 2, 3, 1 at the ends of D1..D3 (actionable leaves pending out), both ways', () => {
    const days = backlogDayEnds('2024-03-01', '2024-03-03', 'UTC', at('2024-03-10T00:00:00'));
    const series = fromSegments(TICKETS, days);
    expect(series.map((d) => [d.date, d.backlog, d.actionable])).toEqual([
      ['2024-03-01', 2, 2],
      ['2024-03-02', 3, 2],
      ['2024-03-03', 1, 0],
    ]);
    expect(fromRollups(TICKETS, days, '2024-03-01')).toEqual(series);
    expect(backlogStats(series)).toMatchObject({ n: 3, latest: 1, median: 2, mean: 2 });
  });

  it('gives the same counts from rollup deltas as from segments, midnights included', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const statuses: StatusSegment['status'][] = [
      'new',
      'open',
      'pending',
      'hold',
      'solved',
      'closed',
    ];
    const base = at('2024-03-01T00:00:00');
    const hour = 3_600_000;
    const tickets = Array.from({ length: 300 }, (_, i) => {
      // Whole hours, so many boundaries fall exactly on a midnight.
      let t = base + Math.floor(random() * 24 * 12) * hour;
      const segments: StatusSegment[] = [];
      for (let k = 0; k < 1 + Math.floor(random() * 6); k += 1) {
        const to = t + Math.floor(random() * 60) * hour;
        segments.push({
          status: statuses[Math.floor(random() * statuses.length)] ?? 'open',
          from: t,
          to,
        });
        t = to;
      }
      return candidate(`R${String(i)}`, segments);
    });
    const days = backlogDayEnds('2024-03-05', '2024-03-20', 'UTC', at('2024-04-01T00:00:00'));
    const expected = fromSegments(tickets, days);
    expect(expected.some((d) => d.backlog > 0)).toBe(true);
    expect(fromRollups(tickets, days, '2024-03-05')).toEqual(expected);
  });

  it('counts a running day at now and leaves out days that have not begun', () => {
    const now = at('2024-03-02T13:00:00');
    const days = backlogDayEnds('2024-03-01', '2024-03-05', 'UTC', now);
    expect(days.map((d) => [d.date, d.endsAt])).toEqual([
      ['2024-03-01', at('2024-03-02T00:00:00')],
      ['2024-03-02', now],
    ]);
    // At 13:00 on D2: A, B, C and D are all unsolved.
    expect(fromSegments(TICKETS, days).map((d) => d.backlog)).toEqual([2, 4]);
  });

  it('has no headline without days', () => {
    expect(backlogStats([])).toMatchObject({ n: 0, latest: null, median: null });
  });
});
