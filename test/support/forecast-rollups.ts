import { Temporal } from 'temporal-polyfill';
import type { HistoryDay } from '../../src/metrics/forecast.js';
import type { KpiRollup, TicketStore } from '../../src/store/store.js';

/**
 * Stores a simulated daily history as the rollups the forecast reads (`created` n, the solved
 * count's `reopened` n, the backlog's net change), for the whole team and one group, and a
 * schedule whose holidays are the given day indexes (counted from the first history day).
 */
export async function seedForecastRollups(
  store: TicketStore,
  installationId: string,
  series: { team: readonly HistoryDay[]; group: readonly HistoryDay[]; groupId: string },
  holidays: readonly number[],
): Promise<void> {
  const { team, group, groupId } = series;
  for (let i = 0; i < team.length; i += 1) {
    const t = team[i];
    const g = group[i];
    if (t === undefined || g === undefined) continue;
    await store.replaceDailyRollups(installationId, t.date, [
      ...rollupsOf(t, team[i - 1]?.backlog ?? 0, 'all', ''),
      ...rollupsOf(g, group[i - 1]?.backlog ?? 0, 'group', groupId),
    ]);
  }
  const first = Temporal.PlainDate.from(team[0]?.date ?? '2024-01-01');
  const dateAt = (i: number) => first.add({ days: i }).toString();
  await store.saveSchedules(installationId, [
    {
      id: 's1',
      name: 'Office',
      timeZone: 'UTC',
      intervals: [{ startMinute: 1980, endMinute: 2460 }],
      holidays: holidays.map((i) => ({
        name: `h${String(i)}`,
        startDate: dateAt(i),
        endDate: dateAt(i),
      })),
    },
  ]);
}

function rollupsOf(
  day: HistoryDay,
  before: number,
  dimension: 'all' | 'group',
  value: string,
): KpiRollup[] {
  const row = (metric: string, n: number, sum: number): KpiRollup => ({
    day: day.date,
    dimension,
    dimensionValue: value,
    metric,
    n,
    nBusiness: 0,
    sum,
    sumBusiness: 0,
    sketch: { calendar: [], business: [] },
  });
  const change = (day.backlog ?? 0) - before;
  return [
    row('created', day.created ?? 0, day.created ?? 0),
    row('reopened', day.solved ?? 0, 0),
    row('backlog', Math.abs(change), change),
  ];
}
