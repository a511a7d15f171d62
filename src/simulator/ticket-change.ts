import { GROUPS, agentsOfGroup } from './catalog.js';
import type { SimSnapshot, SimTicket } from './model.js';
import { UpdateBuilder } from './update-builder.js';

/**
 * Statuses an operator may set. Not `new` (Zendesk never moves a ticket back to it) and not
 * `closed` (Zendesk's automations close solved tickets; the simulator's own updates do that).
 */
export const CHANGE_STATUSES = ['open', 'pending', 'hold', 'solved'] as const;
export const CHANGE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** An operator's change to one ticket (`POST /__control/tickets/:id/update`). */
export interface TicketChange {
  status?: (typeof CHANGE_STATUSES)[number];
  priority?: (typeof CHANGE_PRIORITIES)[number];
  /** A public comment by the ticket's agent. */
  comment?: string;
  /** Deletes the ticket (Zendesk's soft delete: the status becomes `deleted`); the rest is ignored. */
  delete?: boolean;
}

/**
 * Applies `change` as one update by the ticket's agent (its assignee, else the first agent of its
 * group). Returns false when the ticket takes no update (closed, deleted) or nothing changes:
 * Zendesk writes no audit, and sends no webhook, for an update that changes nothing.
 */
export function applyTicketChange(
  ticket: SimTicket,
  state: SimSnapshot,
  at: number,
  change: TicketChange,
): boolean {
  if (state.status === 'closed' || state.status === 'deleted') return false;
  const agent = state.assigneeId ?? groupAgent(state.groupId ?? GROUPS[0].id);
  const builder = new UpdateBuilder(ticket, state, at, agent, 'web');
  if (change.delete === true) {
    builder.set('status', 'deleted').commit();
    return true;
  }
  if (change.comment !== undefined) builder.comment(agent, true, change.comment);
  // Zendesk will not solve an unassigned ticket: the agent who solves it takes it.
  if (state.assigneeId === null && change.status === 'solved') builder.set('assignee_id', agent);
  if (change.priority !== undefined) builder.set('priority', change.priority);
  if (change.status !== undefined) builder.set('status', change.status);
  if (builder.update.children.length === 0) return false;
  builder.commit();
  return true;
}

function groupAgent(groupId: number): number {
  const [agent] = agentsOfGroup(groupId);
  if (agent === undefined) throw new Error(`group ${groupId} has no agents`);
  return agent;
}
