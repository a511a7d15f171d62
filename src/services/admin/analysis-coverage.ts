import type { TicketStore } from '../../store/store.js';

type CoverageStore = Pick<TicketStore, 'queryTicketMetrics'>;

/** How much of an installation's history is analysed, and how much of it in business time. */
export interface AnalysisCoverage {
  /** Tickets created in the window that have stored metrics. */
  analysed: number;
  /** Of those, tickets with a full resolution time (calendar). */
  resolved: number;
  /** Of the resolved, those whose resolution also has a business-hours value (a schedule applied). */
  resolvedInBusinessHours: number;
  /** `resolvedInBusinessHours / resolved`, or null with nothing resolved. */
  businessHoursCoverage: number | null;
}

const PAGE = 1_000;

/**
 * Counts the analysed tickets created in `[from, to)` and the share of resolved ones that have a
 * business-hours resolution time: a schedule that failed to import, or tickets outside any
 * schedule, show up as coverage below 1 instead of silently as calendar time only.
 */
export async function analysisCoverage(
  store: CoverageStore,
  installationId: string,
  from: number,
  to: number,
): Promise<AnalysisCoverage> {
  let analysed = 0;
  let resolved = 0;
  let resolvedInBusinessHours = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await store.queryTicketMetrics(installationId, {
      field: 'created_at',
      from,
      to,
      limit: PAGE,
      ...(after === undefined ? {} : { afterTicketId: after }),
    });
    for (const { metrics } of rows) {
      analysed += 1;
      if (metrics.fullResolution.calendar === null) continue;
      resolved += 1;
      if (metrics.fullResolution.business !== null) resolvedInBusinessHours += 1;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.metrics.ticketId;
  }
  return {
    analysed,
    resolved,
    resolvedInBusinessHours,
    businessHoursCoverage: resolved === 0 ? null : resolvedInBusinessHours / resolved,
  };
}
