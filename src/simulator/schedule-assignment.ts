import { SCHEDULES } from './catalog.js';
import { childIdOf, type SimTicket, type SimUpdate } from './model.js';
import { chance } from './prng.js';

/**
 * Which business-hours schedule times a ticket, as Zendesk records it: the trigger that applies a
 * schedule on creation leaves a `schedule_id` field child in the creating update (a Create, like
 * the status and group set then), and a later trigger that moves the ticket to another schedule
 * leaves a `schedule_id` Change in that update. The child comes after the update's own children,
 * so no other id moves.
 */
export function scheduleChildOf(
  sim: SimTicket,
  update: SimUpdate,
): { id: number; scheduleId: number; previous: number | null } | null {
  const id = childIdOf(update.id, update.children.length);
  if (update === sim.updates[0]) return { id, scheduleId: sim.scheduleId, previous: null };
  const change = sim.scheduleChange;
  if (change?.updateId !== update.id) return null;
  return { id, scheduleId: change.scheduleId, previous: sim.scheduleId };
}

/** About 3 % of tickets move to the other schedule mid-life (the agreement's `schedule_changed`). */
const SCHEDULE_CHANGE_SHARE = 0.03;

/**
 * Draws, on its own PRNG stream so no other draw moves, whether the ticket changes schedule and
 * at which of its updates after the creating one (none for tickets with a single update).
 */
export function drawScheduleChange(seed: number, sim: SimTicket): SimTicket['scheduleChange'] {
  if (sim.updates.length < 2) return undefined;
  if (chance(seed, 'schedule-change', sim.index) >= SCHEDULE_CHANGE_SHARE) return undefined;
  const k =
    1 + Math.floor(chance(seed, 'schedule-change-at', sim.index) * (sim.updates.length - 1));
  const update = sim.updates[k];
  const other = SCHEDULES.find((s) => s.id !== String(sim.scheduleId));
  if (update === undefined || other === undefined) return undefined;
  return { updateId: update.id, scheduleId: Number(other.id) };
}

/** The schedule timing the ticket at `at`: the last one applied at or before it. */
export function scheduleAt(sim: SimTicket, at: number): number {
  const change = sim.scheduleChange;
  if (change === undefined) return sim.scheduleId;
  const update = sim.updates.find((u) => u.id === change.updateId);
  return update !== undefined && update.at <= at ? change.scheduleId : sim.scheduleId;
}
