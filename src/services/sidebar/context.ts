import type { Id, Instant } from '../../domain/index.js';
import { NotFoundError } from '../../errors.js';
import type { TicketStore } from '../../store/store.js';
import { buildCustomerContext } from '../customer-context.js';
import { RECENT_TICKETS, teamBaseline } from '../summarize-requester.js';
import { withIsoInstants } from './iso.js';

/**
 * The requester context the sidebar shows: the stored summary (kept fresh by the analysis
 * pipeline) and the requester's name, with instants as ISO strings. 404 when the requester has no tickets here; a
 * requester whose tickets are stored but not yet summarised is 404 too, with a message saying so.
 */
export async function requesterContext(
  store: TicketStore,
  installationId: string,
  requesterId: Id,
): Promise<unknown> {
  const stored = await store.getSummary(installationId, 'requester', requesterId);
  if (stored !== null) {
    // Names are read at request time: a renamed customer needs no new summary.
    const names = await store.listDisplayNames(installationId, {
      userIds: [requesterId],
      organizationIds: [],
    });
    const name = names.users.get(requesterId) ?? null;
    return withIsoInstants({ ...(stored.summary as object), name });
  }
  const tickets = await store.listRequesterTickets(installationId, requesterId, 1);
  throw new NotFoundError(
    tickets.length === 0
      ? 'no tickets for this requester'
      : 'this requester has not been analysed yet; try again shortly',
  );
}

/**
 * The same shape for an organisation, built on request from its newest tickets' stored metrics
 * by the requester summaries' own code: the team median is the same 90-day rollup median, and
 * effort has no repeat-contact driver (repeat contacts are per requester).
 */
export async function organizationContext(
  deps: { store: TicketStore; reportingTimeZone: string },
  installationId: string,
  organizationId: Id,
  now: Instant,
): Promise<unknown> {
  const { store } = deps;
  const tickets = await store.listOrganizationTickets(
    installationId,
    organizationId,
    RECENT_TICKETS,
  );
  if (tickets.length === 0) throw new NotFoundError('no tickets for this organization');
  const team = await teamBaseline(deps, installationId, now);
  const context = await buildCustomerContext(store, installationId, {
    tickets,
    team,
    now,
    repeats: new Map(),
  });
  const names = await store.listDisplayNames(installationId, {
    userIds: [],
    organizationIds: [organizationId],
  });
  const name = names.organizations.get(organizationId) ?? null;
  return withIsoInstants({ organizationId, name, ...context, asOf: now });
}
