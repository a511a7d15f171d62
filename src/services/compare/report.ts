import { ValidationError } from '../../errors.js';
import type { ReasonTicketRow } from '../../store/store.js';
import { instantRange } from '../kpi/range.js';
import { rangeDays } from '../kpi/schemas.js';
import { MAX_REPORT_TICKETS, reasonSettings, type ReasonsDeps } from '../reasons/buckets.js';
import { reasonOf } from '../reasons/classify.js';
import { DEFAULT_REASON_SETTINGS, type ReasonSettings } from '../reasons/settings.js';
import { memberOf, splitRows, type Split } from './cohorts.js';
import { compareSamples } from './kpis.js';
import { cohortSamples } from './samples.js';
import type { Cohort, CompareQuery, CompareReport } from './schemas.js';
import { ALPHA, MIN_SAMPLE } from './verdict.js';

/**
 * Compares two cohorts of tickets on every KPI: two values of a dimension among the tickets
 * created in one range (or one value against the rest), or the tickets of two ranges
 * (by=period), optionally all of one contact reason.
 */
export async function compareCohorts(
  deps: ReasonsDeps,
  installationId: string,
  query: CompareQuery,
): Promise<CompareReport> {
  const needsSettings = query.by === 'reason' || query.reason !== undefined;
  const settings = needsSettings ? await reasonSettings(deps, installationId) : null;
  const sameReason = (rows: ReasonTicketRow[]) =>
    query.reason === undefined || settings === null
      ? rows
      : rows.filter((r) => reasonOf(r.ticket, settings).reason === query.reason);
  const first = sameReason(await load(deps, installationId, query.from, query.to));
  const { split, labels, bRange } = await cohortsOf(deps, installationId, query, first, {
    settings,
    sameReason,
  });
  const cohort = (
    label: string,
    value: string | null,
    from: string,
    to: string,
    n: number,
  ): Cohort => ({
    label,
    value,
    from,
    to,
    tickets: n,
    volumePerDay: n / rangeDays(from, to),
  });
  const byValue = (value: string | undefined) => (query.by === 'period' ? null : (value ?? null));
  return {
    by: query.by,
    reason: query.reason ?? null,
    businessHours: query.businessHours,
    a: cohort(labels.a, byValue(query.a), query.from, query.to, split.a.length),
    b: cohort(labels.b, byValue(query.b), bRange.from, bRange.to, split.b.length),
    overlap: split.overlap,
    alpha: ALPHA,
    minSample: MIN_SAMPLE,
    kpis: compareSamples(
      cohortSamples(split.a, query.businessHours),
      cohortSamples(split.b, query.businessHours),
    ),
  };
}

async function cohortsOf(
  deps: ReasonsDeps,
  installationId: string,
  query: CompareQuery,
  rows: ReasonTicketRow[],
  filters: {
    settings: ReasonSettings | null;
    sameReason: (rows: ReasonTicketRow[]) => ReasonTicketRow[];
  },
): Promise<{
  split: Split;
  labels: { a: string; b: string };
  bRange: { from: string; to: string };
}> {
  if (query.by === 'period') {
    // The schema guarantees both dates with by=period.
    const bFrom = query.bFrom ?? query.from;
    const bTo = query.bTo ?? query.to;
    const later = filters.sameReason(await load(deps, installationId, bFrom, bTo));
    return {
      split: { a: rows, b: later, overlap: 0 },
      labels: { a: `${query.from}…${query.to}`, b: `${bFrom}…${bTo}` },
      bRange: { from: bFrom, to: bTo },
    };
  }
  const by = query.by;
  const s = filters.settings ?? DEFAULT_REASON_SETTINGS;
  const a = query.a ?? '';
  const inA = memberOf(by, a, s);
  const inB = query.b === undefined ? null : memberOf(by, query.b, s);
  return {
    split: splitRows(rows, inA, inB),
    labels: { a: `${by} ${a}`, b: query.b === undefined ? 'the rest' : `${by} ${query.b}` },
    bRange: { from: query.from, to: query.to },
  };
}

async function load(
  deps: ReasonsDeps,
  installationId: string,
  from: string,
  to: string,
): Promise<ReasonTicketRow[]> {
  const { start, end } = instantRange(from, to, deps.reportingTimeZone);
  const rows = await deps.store.listReasonTickets(installationId, {
    from: start,
    to: end,
    limit: MAX_REPORT_TICKETS + 1,
  });
  if (rows.length > MAX_REPORT_TICKETS) {
    throw new ValidationError(
      `the range ${from}…${to} holds more than ${String(MAX_REPORT_TICKETS)} tickets; ` +
        'choose a shorter range',
    );
  }
  return rows;
}
