/** Response shapes of the Deskpulse API the app reads (see the API contract); durations in seconds. */
export interface Clock {
  calendar: number | null;
  business: number | null;
}

/** A customer effort driver and on how many of their tickets it counted. */
export interface EffortReason {
  driver:
    | 'customerFollowUps'
    | 'reopens'
    | 'handoffs'
    | 'requesterWaitHours'
    | 'channelSwitches'
    | 'repeatContacts';
  tickets: number;
  thresholdSeconds: number | null;
}

export interface RequesterContext {
  requesterId?: string;
  organizationId?: string;
  /** The requester's or organisation's name as synced; null when the helpdesk gave none. */
  name: string | null;
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
  effort: { score: number; reasons: EffortReason[] } | null;
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
  /** Created → now, or → the latest solve once solved/closed. */
  age: Clock;
  ageStoppedAt: string | null;
  firstReply: Clock | null;
  requesterWait: Clock;
  sla: SlaClock[];
  asOf: string;
}

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
  lastFiredAt: string | null;
  lastValue: number | null;
}
