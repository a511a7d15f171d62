import type { HelpdeskConnector, StreamName } from '../../connectors/connector.js';
import type { Instant } from '../../domain/index.js';
import type { TicketStore } from '../../store/store.js';

/** Where the 429s push-back met are recorded: it has no stream of its own. */
export const PUSH_BACK_RATE_LIMIT = 'push_back';

/** A stream, or push-back: what a rate-limit record is kept under. */
export type RateLimitSubject = StreamName | typeof PUSH_BACK_RATE_LIMIT;

// A connector serves every job of its installation in this process (syncs and push-backs, at
// once): its 429 count is cumulative, so each job records only what no job recorded before.
const recorded = new WeakMap<HelpdeskConnector, number>();

/**
 * Records the 429s `connector` met since any job last recorded them, under `subject`, with the
 * budget it last saw. Taken before the write so two jobs never count one 429 twice, and given
 * back when the write fails so the next record counts them.
 */
export async function recordRateLimit(
  store: Pick<TicketStore, 'recordRateLimit'>,
  connector: HelpdeskConnector,
  installationId: string,
  subject: RateLimitSubject,
  at: Instant,
): Promise<void> {
  const state = connector.rateLimit();
  const count429 = state.count429 - (recorded.get(connector) ?? 0);
  if (count429 === 0 && state.remaining === null) return;
  recorded.set(connector, state.count429);
  try {
    await store.recordRateLimit(installationId, subject, {
      count429,
      remaining: state.remaining,
      limit: state.limit,
      at,
    });
  } catch (error) {
    recorded.set(connector, (recorded.get(connector) ?? 0) - count429);
    throw error;
  }
}
