import { z } from 'zod';
import type { StreamOptions } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { FreshdeskClient } from './client.js';
import { PER_PAGE, decodeCheckpoint, getArray, isoSeconds } from './pager.js';
import { rawIdOf } from './schemas.js';

/** Freshdesk refuses `page` beyond 300 on the tickets listing. */
export const MAX_TICKET_PAGE = 300;

/**
 * Resume point of the tickets listing: the `updated_since` window, the page in it, and the ids
 * already delivered whose `updated_at` equals `since` (the filter is inclusive).
 */
const TicketCheckpointSchema = z.object({
  since: z.number().int(),
  page: z.number().int().min(1),
  seen: z.array(z.string()),
});
type TicketCheckpoint = z.infer<typeof TicketCheckpointSchema>;

/** One listing page as raw records (validated by the caller, one by one). */
export interface RawTicketPage {
  raws: unknown[];
  checkpoint: string;
  endOfStream: boolean;
}

/**
 * Tickets changed since the checkpoint, oldest change first, until a short page.
 *
 * After each page the window restarts at the newest `updated_at` seen (deduping ids already
 * delivered at that instant) instead of asking for page N+1: offset paging over a list sorted by
 * `updated_at` skips a ticket whenever an earlier one is updated mid-sync and moves to the end,
 * and re-windowing also keeps clear of the 300-page cap. Only a page that made no progress in
 * time (every ticket at `since`) moves on to the next page number of the same window.
 */
export async function* ticketListing(
  client: FreshdeskClient,
  options: StreamOptions,
): AsyncGenerator<RawTicketPage> {
  let state: TicketCheckpoint =
    options.checkpoint === null
      ? { since: options.startTime, page: 1, seen: [] }
      : decodeCheckpoint(TicketCheckpointSchema, options.checkpoint);
  for (;;) {
    if (state.page > MAX_TICKET_PAGE) {
      throw new ConnectorError(
        'SCHEMA_MISMATCH',
        `Freshdesk GET /api/v2/tickets: over ${MAX_TICKET_PAGE * PER_PAGE} tickets share updated_at ${isoSeconds(state.since)}; the page cap leaves the rest unreadable`,
      );
    }
    const raws = await getArray(
      client,
      '/api/v2/tickets',
      {
        updated_since: isoSeconds(state.since),
        include: 'stats',
        order_by: 'updated_at',
        order_type: 'asc',
        per_page: PER_PAGE,
        page: state.page,
      },
      options.signal,
    );
    const seen = new Set(state.seen);
    const fresh: unknown[] = [];
    let high = state.since;
    const highIds = new Set(state.seen);
    for (const raw of raws) {
      const id = rawIdOf(raw);
      const at = updatedAtOf(raw);
      if (id !== null && at === state.since && seen.has(id)) continue;
      fresh.push(raw);
      if (id === null || at === null) continue;
      if (at > high) {
        high = at;
        highIds.clear();
      }
      if (at === high) highIds.add(id);
    }
    const endOfStream = raws.length < PER_PAGE;
    state =
      high > state.since || endOfStream
        ? { since: high, page: 1, seen: [...highIds] }
        : { since: state.since, page: state.page + 1, seen: [...highIds] };
    yield { raws: fresh, checkpoint: JSON.stringify(state), endOfStream };
    if (endOfStream) return;
  }
}

function updatedAtOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || !('updated_at' in raw)) return null;
  const value: unknown = raw.updated_at;
  if (typeof value !== 'string') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}
