import { ValidationError } from '../../errors.js';
import { daysBetween } from '../../metrics/calendar-day.js';
import { groupTexts, type TextGroup } from '../../metrics/text-groups.js';
import type { ReasonStore, ReasonTicketRow } from '../../store/store.js';
import { instantRange, localDate, previousRange } from '../kpi/range.js';
import { reasonOf } from './classify.js';
import type { ReasonsBy } from './schemas.js';
import { DEFAULT_REASON_SETTINGS, ReasonSettingsSchema, type ReasonSettings } from './settings.js';

/** What the reasons services read: two store methods, the reporting zone. */
export interface ReasonsDeps {
  store: Pick<ReasonStore, 'getReasonSettings' | 'listReasonTickets'>;
  /** IANA zone whose local days the range uses (REPORTING_TIME_ZONE). */
  reportingTimeZone: string;
}

/**
 * The most tickets one report reads (range and previous period together). Grouping is
 * quadratic in nothing but linear in tickets × groups; this bounds a request to a few seconds.
 */
export const MAX_REPORT_TICKETS = 50_000;

/** The key of tickets the text grouping could not place (no content words, one of a kind). */
export const UNGROUPED_KEY = 'ungrouped';

/** The tickets of a range and its previous period, each with its bucket key. */
export interface Buckets {
  rows: ReasonTicketRow[];
  keyOf: (row: ReasonTicketRow) => string;
  /** Problem groups by id (`by=problem` only). */
  groups: Map<string, TextGroup>;
  start: number;
  previous: { from: string; to: string };
}

/**
 * Reads the range and its previous period, then names each ticket's bucket: its contact reason
 * under the installation's settings, or its recurring problem. Problems are grouped over both
 * periods at once, oldest ticket first, so a problem has one id in both and the ids stay put as
 * new tickets arrive.
 */
export async function loadBuckets(
  deps: ReasonsDeps,
  installationId: string,
  query: { from: string; to: string; by: ReasonsBy },
): Promise<Buckets> {
  const zone = deps.reportingTimeZone;
  const previous = previousRange(query.from, query.to);
  const { start, end } = instantRange(query.from, query.to, zone);
  const first = instantRange(previous.from, previous.to, zone).start;
  const rows = await deps.store.listReasonTickets(installationId, {
    from: first,
    to: end,
    limit: MAX_REPORT_TICKETS + 1,
  });
  if (rows.length > MAX_REPORT_TICKETS) {
    throw new ValidationError(
      `the range and its previous period hold more than ${String(MAX_REPORT_TICKETS)} tickets; ` +
        'choose a shorter range',
    );
  }
  if (query.by === 'reason') {
    const settings = await reasonSettings(deps, installationId);
    return {
      rows,
      keyOf: (row) => reasonOf(row.ticket, settings).reason,
      groups: new Map(),
      start,
      previous,
    };
  }
  // Subject and the start of the first message, as the offline quality test groups them.
  const grouping = groupTexts(
    rows.map((r) => ({
      id: r.ticket.id,
      text: `${r.ticket.subject ?? ''}\n${r.ticket.firstMessage ?? ''}`,
    })),
  );
  return {
    rows,
    keyOf: (row) => grouping.groupOf.get(row.ticket.id) ?? UNGROUPED_KEY,
    groups: new Map(grouping.groups.map((g) => [g.id, g])),
    start,
    previous,
  };
}

/** The installation's reason settings; the defaults until an admin saved some. */
export async function reasonSettings(
  deps: Pick<ReasonsDeps, 'store'>,
  installationId: string,
): Promise<ReasonSettings> {
  const stored = await deps.store.getReasonSettings(installationId);
  if (stored === null) return DEFAULT_REASON_SETTINGS;
  // Saved settings passed this schema on the way in; a later, stricter schema must not break
  // the report, so anything it no longer accepts reads as the defaults.
  const parsed = ReasonSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_REASON_SETTINGS;
}

/** Index of the 7-day step from `from` that the local day of `at` falls in. */
export function weekIndex(from: string, at: number, zone: string): number {
  return Math.floor(daysBetween(from, localDate(at, zone)) / 7);
}
