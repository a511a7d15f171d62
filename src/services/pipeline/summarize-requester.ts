import { createHash } from 'node:crypto';
import type { Id, Instant } from '../../domain/index.js';
import { addDays } from '../../metrics/calendar-day.js';
import { mergeSketches, sketchQuantile } from '../../metrics/sketch.js';
import type { RequesterTicket } from '../../store/store.js';
import type { JobPayload } from '../../queue/catalog.js';
import { repeatContacts } from './analyze-timelines.js';
import type { AnalysisDeps } from './analyze-ticket.js';
import {
  buildCustomerContext,
  type CustomerContext,
  type TeamBaseline,
} from '../sidebar/customer-context.js';
import { localDayOf } from './rollup-day.js';

export type { TeamBaseline } from '../sidebar/customer-context.js';

/** The requester context the sidebar shows and push-back writes; durations in seconds. */
export type RequesterSummary = { requesterId: Id } & CustomerContext & { asOf: Instant };

/** How many of the requester's newest tickets the summary looks at. */
export const RECENT_TICKETS = 20;

/**
 * Rebuilds a requester's summary, stores it, and enqueues `helpdesk.pushBack` only when its
 * content (everything but `asOf`) changed. The summary's version is taken before its tickets are
 * read, so a slower run that read them earlier cannot overwrite it ("newer wins").
 */
export async function summarizeRequester(
  deps: AnalysisDeps,
  payload: JobPayload<'requester.summarize'>,
): Promise<{ summary: RequesterSummary; changed: boolean }> {
  const { installationId, requesterId } = payload;
  const now = deps.now();
  const version = await deps.store.nextSummaryVersion();
  // Both read after the version is taken; side by side, as the sidebar waits for this save.
  const [tickets, team] = await Promise.all([
    deps.store.listRequesterTickets(installationId, requesterId, RECENT_TICKETS),
    teamBaseline(deps, installationId, now),
  ]);
  const input = { installationId, requesterId, tickets, team, now, version };
  return storeRequesterSummary(deps, input);
}

/** The loaded inputs of one requester's summary. */
export interface RequesterSummaryInput {
  installationId: string;
  requesterId: Id;
  /** The requester's newest {@link RECENT_TICKETS} tickets, newest first. */
  tickets: readonly RequesterTicket[];
  team: TeamBaseline;
  now: Instant;
  /** `nextSummaryVersion()` taken before `tickets` were read. */
  version: number;
}

/** Builds one requester's summary and the hash of its content (everything but `asOf`). */
export async function buildRequesterSummary(
  deps: Pick<AnalysisDeps, 'store'>,
  input: RequesterSummaryInput,
): Promise<{ summary: RequesterSummary; hash: string }> {
  const { installationId, requesterId, tickets, team, now } = input;
  const repeats = repeatContacts(tickets.map(({ ticket }) => ({ ticket, events: [] })));
  const context = await buildCustomerContext(deps.store, installationId, {
    tickets,
    team,
    now,
    repeats,
  });
  const content: Omit<RequesterSummary, 'asOf'> = { requesterId, ...context };
  const hash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  return { summary: { ...content, asOf: now }, hash };
}

/**
 * Builds, stores and (when changed) pushes back one requester's summary from loaded inputs: the
 * webhook path, which pushes at once and notifies open sidebars. Backfills save a batch at a
 * time and leave the push to the bulk push-back drain (summarize-pending.ts).
 */
export async function storeRequesterSummary(
  deps: AnalysisDeps,
  input: RequesterSummaryInput,
): Promise<{ summary: RequesterSummary; changed: boolean }> {
  const { installationId, requesterId, version } = input;
  const { summary, hash } = await buildRequesterSummary(deps, input);
  // The push mark is written with the summary, so a crash before the push cannot lose it; this
  // path also pushes at once (and notifies sidebars), which settles the mark. A stale save (a
  // newer version is stored) writes nothing and pushes nothing.
  const saved = await deps.store.saveVersionedSummary(
    installationId,
    'requester',
    requesterId,
    { summary, hash, version },
    { markPush: true },
  );
  const changed = saved === 'changed';
  if (changed) await deps.producer.enqueue('helpdesk.pushBack', { installationId, requesterId });
  return { summary, changed };
}

/**
 * The team's median full resolution and p75 requester wait over the last 90 local days, from the
 * daily `all` rollups' sketches: one small query instead of a scan of 90 days of tickets.
 */
export async function teamBaseline(
  deps: Pick<AnalysisDeps, 'store' | 'reportingTimeZone'>,
  installationId: string,
  now: Instant,
): Promise<TeamBaseline> {
  const to = localDayOf(now, deps.reportingTimeZone);
  const from = addDays(to, -89);
  const rows = await deps.store.listRollups(installationId, {
    from,
    to,
    dimension: 'all',
    metrics: ['full_resolution', 'requester_wait'],
  });
  const quantile = (
    metric: string,
    q: number,
    pick: (r: (typeof rows)[number]) => { n: number; points: number[] },
  ) => sketchQuantile(mergeSketches(rows.filter((r) => r.metric === metric).map(pick)), q);
  const calendar = (r: (typeof rows)[number]) => ({ n: r.n, points: r.sketch.calendar });
  return {
    medianFullResolution: {
      calendar: quantile('full_resolution', 0.5, calendar),
      business: quantile('full_resolution', 0.5, (r) => ({
        n: r.nBusiness,
        points: r.sketch.business,
      })),
    },
    requesterWaitP75: quantile('requester_wait', 0.75, calendar),
  };
}
