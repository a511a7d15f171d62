import { childIdOf, type SimTicket, type SimUpdate } from './model.js';

/**
 * Which business-hours schedule times a ticket, as Zendesk records it: the trigger that applies a
 * schedule on creation leaves a `schedule_id` field child in the creating update (a Create, like
 * the status and group set then). The simulator's tickets keep their schedule for life, so only
 * the first update carries one; its child id follows the update's own children, so no other id
 * moves.
 */
export function scheduleChildOf(
  sim: SimTicket,
  update: SimUpdate,
): { id: number; scheduleId: number } | null {
  if (update !== sim.updates[0]) return null;
  return { id: childIdOf(update.id, update.children.length), scheduleId: sim.scheduleId };
}
