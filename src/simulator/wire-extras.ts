import { iso } from './catalog.js';
import type { SimSnapshot, SimTicket } from './model.js';
import { zendeskMetricValues } from './zendesk-metric-set.js';

/** Sideloaded metric sets and satisfaction ratings, derived from the simulator's records. */

type Json = Record<string, unknown>;

/** A TicketMetric record with Zendesk's semantics (zendesk-metric-set.ts). */
export function metricSetPayload(sim: SimTicket, snap: SimSnapshot, seed: number): Json {
  const assignees = new Set<number>();
  const groups = new Set<number>();
  for (const u of sim.updates) {
    for (const c of u.children) {
      if (c.kind !== 'field' || c.value === null) continue;
      if (c.field === 'assignee_id') assignees.add(Number(c.value));
      if (c.field === 'group_id') groups.add(Number(c.value));
    }
  }
  const values = zendeskMetricValues(seed, sim);
  return {
    url: `https://simulator.zendesk.test/api/v2/ticket_metrics/${sim.id}.json`,
    id: 800_000_000 + sim.id,
    ticket_id: sim.id,
    created_at: iso(sim.createdAt),
    updated_at: iso(values.updatedAt),
    group_stations: groups.size,
    assignee_stations: assignees.size,
    reopens: values.reopens,
    replies: values.replies,
    assignee_updated_at: null,
    requester_updated_at: null,
    status_updated_at: iso(snap.updatedAt),
    initially_assigned_at: null,
    assigned_at: null,
    solved_at: values.solvedAt === null ? null : iso(values.solvedAt),
    latest_comment_added_at: null,
    reply_time_in_minutes: values.reply,
    first_resolution_time_in_minutes: values.firstResolution,
    full_resolution_time_in_minutes: values.fullResolution,
    agent_wait_time_in_minutes: values.agentWait,
    requester_wait_time_in_minutes: values.requesterWait,
    on_hold_time_in_minutes: values.onHold,
  };
}

/** The satisfaction rating record of a ticket, or null when none was offered. */
export function ratingPayload(sim: SimTicket, snap: SimSnapshot): Json | null {
  if (snap.ratingId === null || snap.ratingCreatedAt === null) return null;
  const lastRatingAt =
    sim.updates.findLast((u) => u.children.some((c) => c.kind === 'rating'))?.at ??
    snap.ratingCreatedAt;
  return {
    url: `https://simulator.zendesk.test/api/v2/satisfaction_ratings/${snap.ratingId}.json`,
    id: snap.ratingId,
    ticket_id: sim.id,
    requester_id: sim.requesterId,
    assignee_id: snap.assigneeId,
    group_id: snap.groupId,
    score: snap.satisfaction,
    comment: snap.satisfaction === 'bad' ? 'Took too long' : null,
    created_at: iso(snap.ratingCreatedAt),
    updated_at: iso(lastRatingAt),
  };
}
