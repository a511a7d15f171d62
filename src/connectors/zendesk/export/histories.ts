import type { Ticket, TicketEvent } from '../../../domain/index.js';
import { AppError } from '../../../errors.js';
import { mapTicketHistory } from '../map.js';
import type { UserRoles, ZendeskMappingOptions } from '../map.js';
import type { ZendeskAudit } from '../schemas.js';
import type { RejectedRecord } from '../../export-source.js';

export interface MappedHistories {
  events: Map<string, TicketEvent[]>;
  rejected: RejectedRecord[];
  warnings: string[];
}

/**
 * Maps every ticket's audits to its event history. An audit that cannot be mapped is rejected on
 * its own (found by mapping the ticket's audits one at a time), so one bad audit never costs the
 * rest of that ticket's history. Audits of tickets missing from tickets.json are reported.
 */
export function mapHistories(
  tickets: readonly Ticket[],
  audits: readonly ZendeskAudit[],
  roles: UserRoles,
  options: ZendeskMappingOptions,
): MappedHistories {
  const byTicket = new Map<string, ZendeskAudit[]>();
  for (const audit of audits) {
    const id = audit.ticket_id;
    const list = byTicket.get(id);
    if (list) list.push(audit);
    else byTicket.set(id, [audit]);
  }
  const events = new Map<string, TicketEvent[]>();
  const rejected: RejectedRecord[] = [];
  const warnings: string[] = [];
  for (const ticket of tickets) {
    const own = byTicket.get(ticket.id) ?? [];
    byTicket.delete(ticket.id);
    let usable = own;
    try {
      const mapped = mapTicketHistory(ticket, usable, roles, options);
      events.set(ticket.id, mapped.events);
      warnings.push(...mapped.warnings);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      usable = own.filter((audit) => {
        const problem = mappingProblem(ticket, audit, roles, options);
        if (problem !== null)
          rejected.push({
            file: 'audits.json',
            index: audits.indexOf(audit),
            id: audit.id,
            reason: problem,
          });
        return problem === null;
      });
      const mapped = mapTicketHistory(ticket, usable, roles, options);
      events.set(ticket.id, mapped.events);
      warnings.push(...mapped.warnings);
    }
  }
  const orphans = [...byTicket.values()].reduce((n, list) => n + list.length, 0);
  if (orphans > 0)
    warnings.push(
      `${String(orphans)} audit(s) belong to tickets missing from tickets.json and were ignored`,
    );
  return { events, rejected, warnings };
}

function mappingProblem(
  ticket: Ticket,
  audit: ZendeskAudit,
  roles: UserRoles,
  options: ZendeskMappingOptions,
): string | null {
  try {
    mapTicketHistory(ticket, [audit], roles, options);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}
