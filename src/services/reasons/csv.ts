import { csvLine, type CsvValue } from '../kpi/csv.js';
import type { BucketKpis, KpiEstimate, ReasonsReport } from './schemas.js';

const KPIS: readonly (keyof BucketKpis)[] = [
  'resolutionSeconds',
  'resolutionRate',
  'reopenRate',
  'oneTouchRate',
  'csat',
  'interactionsPerTicket',
  'ces',
  'effort',
];

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The reasons report as RFC 4180 CSV: one row per item, in the report's ranking order. */
export function reasonsCsv(report: ReasonsReport): string {
  const header = [
    'key',
    'label',
    'volume',
    'volume_per_day',
    'share',
    'previous_volume',
    'change',
    ...KPIS.flatMap((k) => [
      snake(k),
      `${snake(k)}_ci_low`,
      `${snake(k)}_ci_high`,
      `${snake(k)}_n`,
    ]),
    'cost_resolution_hours',
    'cost_effort_points',
    'example_ticket_ids',
  ];
  const rows = report.items.map((item) => [
    item.key,
    item.label,
    item.volume,
    item.volumePerDay,
    item.share,
    item.previousVolume,
    item.change,
    ...KPIS.flatMap((k) => estimateCells(item.kpis[k])),
    item.cost.resolutionHours,
    item.cost.effortPoints,
    item.exampleTicketIds.join(' '),
  ]);
  return [header, ...rows].map((r) => csvLine(r)).join('');
}

function estimateCells(e: KpiEstimate): CsvValue[] {
  return [e.value, e.ci?.low ?? null, e.ci?.high ?? null, e.n];
}
