/** Response shapes of the Deskpulse API the app reads (see the API contract); durations in seconds. */
export interface Clock {
  calendar: number | null;
  business: number | null;
}

// The sidebar views' contracts (types only: nothing of the backend enters the bundle).
export type {
  CustomerContextResponse as RequesterContext,
  ExplainEvent,
  ExplainResponse as Explanation,
  TicketClocksResponse as TicketClocks,
} from '../../src/services/sidebar/contracts.js';
import type {
  CustomerContextResponse,
  TicketClocksResponse,
} from '../../src/services/sidebar/contracts.js';
export type EffortReason = NonNullable<CustomerContextResponse['effort']>['reasons'][number];
export type SlaClock = TicketClocksResponse['sla'][number];

export interface SliceStats {
  n: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
  rate?: number | null;
  ci?: { low: number; high: number } | null;
}

export interface BoardSlice extends SliceStats {
  sliceValue: string;
  previous: SliceStats | null;
  change: number | null;
}

export interface Board {
  from: string;
  to: string;
  businessHours: boolean;
  attribution: string;
  previous: { from: string; to: string };
  kpis: { kpi: string; unit: string; slices: BoardSlice[] }[];
}

export interface Trend {
  kpi: string;
  points: (SliceStats & { start: string })[];
}

export interface Drilldown {
  tickets: ({ ticketId: string; value: number | null } & Record<string, unknown>)[];
  nextCursor: string | null;
}

export interface Alert {
  id: string;
  kpi: string;
  rule:
    { type: 'threshold'; op: '>' | '<'; value: number } | { type: 'baseline'; worseByPct: number };
  minSample: number;
  cooldownMinutes: number;
  webhookUrl: string;
  lastFiredAt: string | null;
  lastValue: number | null;
}
