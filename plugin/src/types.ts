/**
 * Response shapes of the Deskpulse API the sidebar reads; durations in seconds. The board's come
 * from the API's own contracts (src/services/kpi).
 */
export interface Clock {
  calendar: number | null;
  business: number | null;
}

export interface RequesterContext {
  requesterId?: string;
  organizationId?: string;
  counts: { total: number; open: number; solved: number };
  recentTickets: {
    id: string;
    status: string;
    createdAt: string;
    firstReply: Clock | null;
    firstResolution: Clock | null;
    fullResolution: Clock | null;
  }[];
  medianFullResolution: { requester: Clock; team: Clock };
  reopens: { total: number; last30d: number; last90d: number };
  csat: { ticketId: string; at: string; score: 'good' | 'bad' }[];
  ces: {
    ticketId: string;
    at: string;
    value: number;
    scaleMin: number;
    scaleMax: number;
    direction: string;
  }[];
  effort: { score: number; reasons: string[] } | null;
  risk: { level: 'low' | 'medium' | 'high'; reasons: string[] };
  asOf: string;
}

export interface SlaClock {
  metric: string;
  target: number;
  remainingBusinessSeconds: number | null;
  breachAt: string | null;
  state: 'active' | 'paused' | 'achieved' | 'breached';
}

export interface TicketClocks {
  ticketId: string;
  status: string;
  createdAt: string;
  ageSeconds: number;
  firstReply: Clock | null;
  requesterWait: Clock;
  sla: SlaClock[];
  asOf: string;
}

export interface Explanation {
  ticketId: string;
  metrics: Record<string, unknown>;
  explanation: unknown;
  events: ({ type?: string; at?: string } & Record<string, unknown>)[];
  schedules: unknown[];
}

export interface Alert {
  id: string;
  kpi: string;
  rule:
    { type: 'threshold'; op: '>' | '<'; value: number } | { type: 'baseline'; worseByPct: number };
  minSample: number;
  cooldownMinutes: number;
  webhookUrl: string;
  businessHours: boolean;
  lastFiredAt: string | null;
  lastValue: number | null;
  muted: boolean;
  mutedUntil: string | null;
}
