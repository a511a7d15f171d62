import type { Ticket, TicketEvent } from '../domain/index.js';

/**
 * The ticket with the schedule it was created on. Helpdesks do not name it on the ticket: Zendesk
 * records it as a `schedule_change` in the creating update (a trigger applying a schedule), so the
 * clocks would otherwise start on the account default and switch a moment later, listing both
 * schedules, and the SLA targets (timed on the ticket's schedule) would use the default. Later
 * switches stay events: the clock follows them stretch by stretch. A ticket that names its
 * schedule already, or whose history assigns none at creation, is returned as it is.
 */
export function withAssignedSchedule<T extends Pick<Ticket, 'scheduleId' | 'createdAt'>>(
  ticket: T,
  events: readonly TicketEvent[],
): T {
  if (ticket.scheduleId !== null) return ticket;
  let assigned: TicketEvent | undefined;
  for (const event of events) {
    if (event.at > ticket.createdAt) break;
    if (event.type === 'schedule_change') assigned = event;
  }
  if (assigned?.type !== 'schedule_change' || assigned.scheduleId === null) return ticket;
  return { ...ticket, scheduleId: assigned.scheduleId };
}
