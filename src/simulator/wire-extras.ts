import { iso } from './catalog.js';
import type { SimSnapshot, SimTicket } from './model.js';

/** Sideloaded metric sets and satisfaction ratings, derived from the simulator's records. */

type Json = Record<string, unknown>;

/** A TicketMetric-like record, computed simply from the updates. */
export function metricSetPayload(sim: SimTicket, snap: SimSnapshot): Json {
  let replies = 0;
  let reopens = 0;
  let solvedAt: number | null = null;
  let firstReplyAt: number | null = null;
  const assignees = new Set<number>();
  const groups = new Set<number>();
  for (const [n, u] of sim.updates.entries()) {
    for (const c of u.children) {
      if (c.kind === 'comment' && c.public && n > 0 && c.authorId >= 1001 && c.authorId <= 1020) {
        replies += 1;
        firstReplyAt ??= u.at;
      }
      if (c.kind !== 'field' || c.value === null) continue;
      if (c.field === 'assignee_id') assignees.add(Number(c.value));
      if (c.field === 'group_id') groups.add(Number(c.value));
      if (c.field === 'status' && c.value === 'solved') solvedAt = u.at;
      if (c.field === 'status' && c.previous === 'solved' && c.value === 'open') reopens += 1;
    }
  }
  const minutes = (to: number | null) =>
    to === null
      ? { calendar: null, business: null }
      : { calendar: Math.round((to - sim.createdAt) / 60_000), business: null };
  return {
    url: `https://simulator.zendesk.test/api/v2/ticket_metrics/${sim.id}.json`,
    id: 800_000_000 + sim.id,
    ticket_id: sim.id,
    created_at: iso(sim.createdAt),
    updated_at: iso(snap.updatedAt),
    group_stations: groups.size,
    assignee_stations: assignees.size,
    reopens,
    replies,
    assignee_updated_at: null,
    requester_updated_at: null,
    status_updated_at: iso(snap.updatedAt),
    initially_assigned_at: null,
    assigned_at: null,
    solved_at: solvedAt === null ? null : iso(solvedAt),
    latest_comment_added_at: null,
    reply_time_in_minutes: minutes(firstReplyAt),
    first_resolution_time_in_minutes: minutes(solvedAt),
    full_resolution_time_in_minutes: minutes(solvedAt),
    agent_wait_time_in_minutes: { calendar: null, business: null },
    requester_wait_time_in_minutes: { calendar: null, business: null },
    on_hold_time_in_minutes: { calendar: null, business: null },
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
