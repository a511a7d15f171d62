import { computeTicketMetrics } from '../../src/metrics/ticket-metrics.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import type { TicketStore } from '../../src/store/store.js';

const NO_CALENDARS = { defaultCalendar: null, byId: new Map() } as const;
/** The summary looks at a requester's newest 20 tickets (summarize-requester.ts). */
const RECENT = 20;

interface TruthTicket {
  id: string;
  status: string;
  createdAt: number;
  fullResolution: number | null;
}

/** Live tickets of the simulator's truth by requester, newest first, with their full resolution. */
function truthByRequester(sim: RunningSimulator, now: number): Map<string, TruthTicket[]> {
  const out = new Map<string, TruthTicket[]>();
  for (let i = 0; i < sim.dataset.size; i += 1) {
    const { ticket, events } = sim.dataset.truth(i);
    if (ticket.status === 'deleted') continue;
    const metrics = computeTicketMetrics({ ticket, events }, { now, calendars: NO_CALENDARS });
    const list = out.get(ticket.requesterId) ?? [];
    list.push({
      id: ticket.id,
      status: ticket.status,
      createdAt: ticket.createdAt,
      fullResolution: metrics.fullResolution.calendar,
    });
    out.set(ticket.requesterId, list);
  }
  for (const list of out.values()) {
    list.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    list.splice(RECENT);
  }
  return out;
}

/** Median as the summary defines it (linear between the middle two), written out here. */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  const low = sorted[Math.floor(mid)] ?? 0;
  const high = sorted[Math.ceil(mid)] ?? 0;
  return low + (high - low) * (mid - Math.floor(mid));
}

interface StoredContext {
  counts: { total: number; open: number; solved: number };
  recentTickets: { id: string; status: string }[];
  medianFullResolution: { requester: { calendar: number | null } };
  effort: { score: number } | null;
  risk: { level: string };
  reopens: { last90d: number };
}

interface RecordedWrite {
  method: string;
  path: string;
  body: unknown;
}

/** The last user-field values the simulator received for each user, single PUT or bulk. */
export async function lastPushedValues(
  sim: RunningSimulator,
): Promise<Map<string, Record<string, unknown>>> {
  const response = await fetch(`${sim.url}/__writes`);
  const { writes } = (await response.json()) as { writes: RecordedWrite[] };
  const out = new Map<string, Record<string, unknown>>();
  for (const w of writes) {
    const single = /^\/api\/v2\/users\/(\d+)\.json$/.exec(w.path);
    if (w.method === 'PUT' && single?.[1] !== undefined) {
      const body = w.body as { user: { user_fields: Record<string, unknown> } };
      out.set(single[1], body.user.user_fields);
    }
    if (w.path !== '/api/v2/users/update_many.json') continue;
    const { users } = w.body as { users: { id: number; user_fields: Record<string, unknown> }[] };
    for (const user of users) out.set(String(user.id), user.user_fields);
  }
  return out;
}

/**
 * How the requester summaries in the store, and the values last written to the simulator's user
 * fields, differ from what the simulator's truth says (empty: equal). For every requester with a
 * live ticket: the summary lists exactly their newest tickets with their final status, counts
 * them right and has the median full resolution of the truth; the helpdesk holds that median
 * in minutes and the summary's effort, risk and reopens (so a crash between summary and push
 * shows up as stale values in the helpdesk).
 */
export async function summaryDifferences(
  store: TicketStore,
  installationId: string,
  sim: RunningSimulator,
): Promise<string[]> {
  const out: string[] = [];
  const pushed = await lastPushedValues(sim);
  for (const [requesterId, tickets] of truthByRequester(sim, Date.now())) {
    const stored = await store.getSummary(installationId, 'requester', requesterId);
    if (stored === null) {
      out.push(`requester ${requesterId}: no summary`);
      continue;
    }
    const summary = stored.summary as StoredContext;
    const got = summary.recentTickets.map((t) => `${t.id}:${t.status}`).sort();
    const want = tickets.map((t) => `${t.id}:${t.status}`).sort();
    if (got.join() !== want.join()) {
      out.push(`requester ${requesterId}: tickets ${got.join()} vs truth ${want.join()}`);
    }
    const solved = tickets.filter((t) => t.status === 'solved' || t.status === 'closed').length;
    if (summary.counts.total !== tickets.length || summary.counts.solved !== solved) {
      out.push(`requester ${requesterId}: counts ${JSON.stringify(summary.counts)}`);
    }
    const fullResolution = median(
      tickets.flatMap((t) => (t.fullResolution === null ? [] : [t.fullResolution])),
    );
    if (summary.medianFullResolution.requester.calendar !== fullResolution) {
      out.push(
        `requester ${requesterId}: median ${String(summary.medianFullResolution.requester.calendar)} vs truth ${String(fullResolution)}`,
      );
    }
    const wantPushed = {
      deskpulse_effort: summary.effort?.score ?? null,
      deskpulse_reopens_90d: summary.reopens.last90d,
      deskpulse_risk: summary.risk.level,
      deskpulse_median_resolution_minutes:
        fullResolution === null ? null : Math.round(fullResolution / 0.6) / 100,
    };
    const gotPushed = pushed.get(requesterId);
    if (JSON.stringify(gotPushed) !== JSON.stringify(wantPushed)) {
      out.push(
        `requester ${requesterId}: helpdesk has ${JSON.stringify(gotPushed)}, want ${JSON.stringify(wantPushed)}`,
      );
    }
  }
  return out;
}
