import {
  AGREEMENT_METRICS,
  REASON_DESCRIPTIONS,
  type AgreementMetric,
} from '../../metrics/agreement-reasons.js';
import type { TicketStore } from '../../store/store.js';
import { instantRange } from '../kpi/range.js';
import type {
  AgreementDrilldown,
  AgreementDrilldownQuery,
  AgreementQuery,
  AgreementReport,
} from './contracts.js';
import { refreshAgreement } from './refresh-agreement.js';

/** What the agreement views need. */
export interface AgreementDeps {
  store: Pick<
    TicketStore,
    | 'listAgreementWork'
    | 'saveAgreement'
    | 'getTicketTimelines'
    | 'tallyAgreement'
    | 'listAgreementDifferences'
  >;
  /** IANA zone of the range's local dates (REPORTING_TIME_ZONE). */
  reportingTimeZone: string;
}

const TOP_REASONS = 5;

/**
 * Per metric and clock, over the tickets created in the range: n, the share within a minute of
 * Zendesk, and the top reasons of the rest. Brings the stored comparison up to date first.
 */
export async function agreementReport(
  deps: AgreementDeps,
  installationId: string,
  query: AgreementQuery,
): Promise<AgreementReport> {
  await refreshAgreement(deps.store, installationId);
  const { start, end } = instantRange(query.from, query.to, deps.reportingTimeZone);
  const { tickets, tallies } = await deps.store.tallyAgreement(installationId, { start, end });
  let comparisons = 0;
  let unexplained = 0;
  const rows = tallies.map((tally) => {
    comparisons += tally.n;
    unexplained += tally.reasons.find((r) => r.reason === 'unexplained')?.count ?? 0;
    const topReasons = [...tally.reasons]
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
      .slice(0, TOP_REASONS)
      .map((r) => ({ ...r, description: REASON_DESCRIPTIONS[r.reason] }));
    return {
      metric: tally.metric,
      clock: tally.clock,
      n: tally.n,
      within: tally.within,
      withinShare: tally.n === 0 ? null : tally.within / tally.n,
      topReasons,
    };
  });
  rows.sort((a, b) => rowOrder(a) - rowOrder(b));
  return {
    from: query.from,
    to: query.to,
    tickets,
    unexplained: {
      count: unexplained,
      share: comparisons === 0 ? null : unexplained / comparisons,
    },
    rows,
  };
}

const CLOCK_ORDER = ['calendar', 'business', 'count'];
function rowOrder(row: { metric: AgreementMetric; clock: string }): number {
  return AGREEMENT_METRICS.indexOf(row.metric) * 10 + CLOCK_ORDER.indexOf(row.clock);
}

/** The tickets behind one reason, with both values and the events that explain each. */
export async function agreementDrilldown(
  deps: AgreementDeps,
  installationId: string,
  query: AgreementDrilldownQuery,
): Promise<AgreementDrilldown> {
  await refreshAgreement(deps.store, installationId);
  const { start, end } = instantRange(query.from, query.to, deps.reportingTimeZone);
  // One more than asked tells whether another page exists.
  const found = await deps.store.listAgreementDifferences(installationId, {
    start,
    end,
    reason: query.reason,
    ...(query.metric === undefined ? {} : { metric: query.metric }),
    ...(query.clock === undefined ? {} : { clock: query.clock }),
    afterTicketId: query.cursor ?? '',
    limit: query.limit + 1,
  });
  let page = found.slice(0, query.limit);
  let nextCursor: string | null = null;
  if (found.length > query.limit) {
    // Pages end on a whole ticket, so a cursor of "after this ticket id" loses no row.
    const lastId = page.at(-1)?.ticketId ?? '';
    const whole = page.filter((r) => r.ticketId !== lastId);
    page = whole.length > 0 ? whole : page;
    nextCursor = page.at(-1)?.ticketId ?? null;
  }
  const timelines = await deps.store.getTicketTimelines(installationId, [
    ...new Set(page.map((r) => r.ticketId)),
  ]);
  const eventsById = new Map(timelines.flatMap((t) => t.events.map((e) => [e.id, e] as const)));
  return {
    reason: query.reason,
    description: REASON_DESCRIPTIONS[query.reason],
    rows: page.map((row) => ({
      ticketId: row.ticketId,
      metric: row.metric,
      clock: row.clock,
      ours: row.ours,
      theirs: row.theirs,
      events: row.evidenceEventIds.flatMap((id) => {
        const event = eventsById.get(id);
        return event === undefined ? [] : [{ id: event.id, type: event.type, at: event.at }];
      }),
    })),
    nextCursor,
  };
}
