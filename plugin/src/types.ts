/**
 * Response shapes of the Deskpulse API the sidebar reads; durations in seconds. The board's come
 * from the API's own contracts (src/services/kpi).
 */
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
export type RiskReason = CustomerContextResponse['risk']['reasons'][number];

export interface Alert {
  id: string;
  kpi: string;
  rule:
    | { type: 'threshold'; op: '>' | '<'; value: number }
    | { type: 'baseline'; worseByPct: number }
    | { type: 'forecast_backlog'; above: number; group?: string }
    | { type: 'account_at_risk'; minValue: number };
  minSample: number;
  cooldownMinutes: number;
  webhookUrl: string;
  businessHours: boolean;
  lastFiredAt: string | null;
  lastValue: number | null;
  muted: boolean;
  mutedUntil: string | null;
}
