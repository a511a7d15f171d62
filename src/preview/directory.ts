import type { Ticket } from '../domain/index.js';
import { GROUPS, organizationAt, userById } from '../simulator/catalog.js';
import type { Dataset } from '../simulator/index.js';

/** A person as the Zendesk host hands it to an app (`ticket.requester`, `user`, `currentUser`). */
export interface HostUser {
  id: number;
  name: string;
  email: string;
  role: string;
}

/** An organisation as the host hands it to an app. */
export interface HostOrganization {
  id: number;
  name: string;
}

/** A ticket with the people it names resolved, as the ticket sidebar's `client.get('ticket')`. */
export interface HostTicket {
  ticket: Ticket;
  requester: HostUser | null;
  assignee: HostUser | null;
  group: { id: number; name: string } | null;
  organization: HostOrganization | null;
}

/** A row of the pickers: what to choose from, with how many tickets it has. */
export interface Choice {
  id: string;
  label: string;
  detail: string;
  tickets: number;
}

/**
 * What the preview host knows as "Zendesk": the account's tickets, users and organisations. In
 * the demo it is the simulator's data set, read in-process (the host is the helpdesk, not a
 * client of the backend), so the pickers and `client.get` see exactly what the backend synced.
 */
export interface HelpdeskDirectory {
  /** Live tickets, most recently updated first. */
  tickets(offset: number, limit: number): { rows: HostTicket[]; total: number };
  ticket(id: string): HostTicket | null;
  /** Requesters with tickets, most tickets first. */
  requesters(offset: number, limit: number): { rows: Choice[]; total: number };
  user(id: string): (HostUser & { organization: HostOrganization | null }) | null;
  /** Organisations with tickets, most tickets first. */
  organizations(offset: number, limit: number): { rows: Choice[]; total: number };
  organization(id: string): HostOrganization | null;
}

/** The simulator's data set as the host's directory. */
export function createSimulatorDirectory(dataset: Dataset): HelpdeskDirectory {
  const pop = dataset.population;
  const userOf = (id: string | null): HostUser | null => {
    const user = id === null ? undefined : userById(pop, Number(id));
    return user === undefined
      ? null
      : { id: user.id, name: user.name, email: user.email, role: user.role };
  };
  const orgOf = (id: string | null): HostOrganization | null => {
    if (id === null) return null;
    const k = Number(id) - organizationAt(pop, 0).id;
    if (!Number.isInteger(k) || k < 0 || k >= pop.organizations) return null;
    const { name } = organizationAt(pop, k);
    return { id: Number(id), name };
  };
  const host = (ticket: Ticket): HostTicket => {
    const group = GROUPS.find((g) => String(g.id) === ticket.groupId);
    return {
      ticket,
      requester: userOf(ticket.requesterId),
      assignee: userOf(ticket.assigneeId),
      group: group === undefined ? null : { id: group.id, name: group.name },
      organization: orgOf(ticket.organizationId),
    };
  };
  // Live tickets newest first. Tickets are generated on demand; a scan of a few thousand is a
  // few milliseconds, and rescanning keeps statuses current as the live updater mutates tickets.
  const live = (): Ticket[] => {
    const out: Ticket[] = [];
    for (let i = dataset.size - 1; i >= 0; i -= 1) {
      const { ticket } = dataset.truth(i);
      if (ticket.status !== 'deleted') out.push(ticket);
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  };
  const counted = (key: (t: Ticket) => string | null, describe: (id: string) => Choice | null) => {
    const counts = new Map<string, number>();
    for (const ticket of live()) {
      const id = key(ticket);
      if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return [...counts]
      .sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))
      .flatMap(([id, tickets]) => {
        const choice = describe(id);
        return choice === null ? [] : [{ ...choice, tickets }];
      });
  };
  const page = <T>(all: T[], offset: number, limit: number) => ({
    rows: all.slice(offset, offset + limit),
    total: all.length,
  });

  return {
    tickets: (offset, limit) => {
      const all = live();
      return { rows: all.slice(offset, offset + limit).map(host), total: all.length };
    },
    ticket: (id) => {
      const index = dataset.indexOfId(Number(id));
      if (index === null) return null;
      const { ticket } = dataset.truth(index);
      return ticket.status === 'deleted' ? null : host(ticket);
    },
    requesters: (offset, limit) =>
      page(
        counted(
          (t) => t.requesterId,
          (id) => {
            const user = userOf(id);
            return user === null ? null : { id, label: user.name, detail: user.email, tickets: 0 };
          },
        ),
        offset,
        limit,
      ),
    user: (id) => {
      const user = userById(pop, Number(id));
      if (user === undefined) return null;
      return {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        organization: orgOf(user.organization_id === null ? null : String(user.organization_id)),
      };
    },
    organizations: (offset, limit) =>
      page(
        counted(
          (t) => t.organizationId,
          (id) => {
            const org = orgOf(id);
            return org === null ? null : { id, label: org.name, detail: '', tickets: 0 };
          },
        ),
        offset,
        limit,
      ),
    organization: (id) => orgOf(id),
  };
}
