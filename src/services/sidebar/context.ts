import type { Id, Instant } from '../../domain/index.js';
import { NotFoundError } from '../../errors.js';
import type { AnalysisDeps } from '../pipeline/analyze-ticket.js';
import { repeatContacts } from '../pipeline/analyze-timelines.js';
import { buildCustomerContext } from './customer-context.js';
import { RECENT_TICKETS } from '../pipeline/summarize-requester.js';
import { CustomerContextSchema, type CustomerContextResponse } from './contracts.js';
import { withIsoInstants } from './iso.js';
import type { SidebarReads } from '../../store/store.js';
import { currentTeamBaseline } from './team-baseline.js';

/** The sidebar context may summarise on demand, so it reads the store as analysis does. */
type ContextDeps = Pick<AnalysisDeps, 'store' | 'reportingTimeZone'> & {
  store: SidebarReads;
};

/**
 * The requester context the sidebar shows: the stored summary (kept fresh by the analysis
 * pipeline), the requester's name and the team's current median, with instants as ISO strings.
 * 404 when the requester has no tickets here; a requester whose tickets are stored but not yet
 * summarised is 404 too, with a message saying so.
 */
export async function requesterContext(
  deps: ContextDeps,
  installationId: string,
  requesterId: Id,
  now: Instant,
): Promise<CustomerContextResponse> {
  const { store } = deps;
  // Names and counts are read at request time (a renamed customer or a new ticket needs no new
  // summary), in the summary's query: one round trip per request (the team baseline is cached).
  const [{ stored, name, counts }, team] = await Promise.all([
    store.getRequesterSidebarRow(installationId, requesterId),
    currentTeamBaseline(deps, installationId, now),
  ]);
  if (stored !== null) {
    const parsed = CustomerContextSchema.safeParse(
      withIsoInstants({ ...(stored.summary as object), name }),
    );
    // The team median stored with the summary is the one of its build, possibly before the
    // rollups existed: the screen shows today's. (Push-back writes no team figure.)
    if (parsed.success) {
      const { requester } = parsed.data.medianFullResolution;
      // Counts cover every ticket, not only the newest the summary lists.
      return {
        ...parsed.data,
        counts,
        medianFullResolution: { requester, team: team.medianFullResolution },
      };
    }
  }
  const tickets = await store.listRequesterTickets(installationId, requesterId, RECENT_TICKETS);
  if (tickets.length === 0) throw new NotFoundError('no tickets for this requester');
  if (stored === null) {
    throw new NotFoundError('this requester has not been analysed yet; try again shortly');
  }
  // A summary stored by an older version no longer fits the contract: build it as of now, as
  // the summariser would, until the pipeline rewrites it.
  const repeats = repeatContacts(tickets.map(({ ticket }) => ({ ticket, events: [] })));
  const context = await buildCustomerContext(store, installationId, {
    tickets,
    team,
    now,
    repeats,
  });
  return CustomerContextSchema.parse(
    withIsoInstants({ requesterId, name, ...context, counts, asOf: now }),
  );
}

/**
 * The same shape for an organisation, built on request from its newest tickets' stored metrics
 * by the requester summaries' own code: the team median is the same 90-day rollup median, and
 * effort has no repeat-contact driver (repeat contacts are per requester).
 */
export async function organizationContext(
  deps: ContextDeps,
  installationId: string,
  organizationId: Id,
  now: Instant,
): Promise<CustomerContextResponse> {
  const { store } = deps;
  const tickets = await store.listOrganizationTickets(
    installationId,
    organizationId,
    RECENT_TICKETS,
  );
  if (tickets.length === 0) throw new NotFoundError('no tickets for this organization');
  const [team, counts] = await Promise.all([
    currentTeamBaseline(deps, installationId, now),
    store.countCustomerTickets(installationId, { organizationId }),
  ]);
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
  return CustomerContextSchema.parse(
    // Counts cover every ticket, not only the newest ones the context lists.
    withIsoInstants({ organizationId, name, ...context, counts, asOf: now }),
  );
}
