import type { Instant } from '../../domain/index.js';
import type { AnalysisDeps } from '../pipeline/analyze-ticket.js';
import { localDayOf } from '../pipeline/rollup-day.js';
import { teamBaseline } from '../pipeline/summarize-requester.js';
import type { TeamBaseline } from './customer-context.js';

/**
 * How long a sidebar reuses an installation's team baseline. The baseline is the same for every
 * customer and moves only as rollups change, so one small rollup query a minute per installation
 * keeps the hot path cheap; a minute is also how soon a backfill's new rollups reach the screen.
 */
export const TEAM_BASELINE_TTL_MS = 60_000;

interface Entry {
  day: string;
  at: Instant;
  baseline: Promise<TeamBaseline>;
}

// Per installation; the promise is cached, so concurrent sidebars share one query.
const cache = new Map<string, Entry>();

/**
 * The team baseline a sidebar shows, read at request time rather than taken from a stored
 * summary: a summary built before the rollups it compares with existed (a backfill summarises
 * requesters while rollups are still pending) would otherwise show no team figure, or a partial
 * one, until that requester's tickets change. Cached per installation and reporting day for
 * {@link TEAM_BASELINE_TTL_MS}.
 */
export function currentTeamBaseline(
  deps: Pick<AnalysisDeps, 'store' | 'reportingTimeZone'>,
  installationId: string,
  now: Instant,
): Promise<TeamBaseline> {
  const day = localDayOf(now, deps.reportingTimeZone);
  const hit = cache.get(installationId);
  // A clock that went back (a test's, a corrected host's) never reads a baseline from its future.
  if (hit !== undefined && hit.day === day && hit.at <= now && now - hit.at < TEAM_BASELINE_TTL_MS)
    return hit.baseline;
  const baseline = teamBaseline(deps, installationId, now);
  cache.set(installationId, { day, at: now, baseline });
  // A failed read is not kept: the next request asks the store again.
  baseline.catch(() => {
    if (cache.get(installationId)?.baseline === baseline) cache.delete(installationId);
  });
  return baseline;
}
