import { createHash } from 'node:crypto';
import type { TicketStore } from '../../store/store.js';
import { localDate } from '../kpi/range.js';
import { computeForecast, type ForecastDeps } from './forecast.js';
import type { ForecastDocument, ForecastQuery } from './schemas.js';

/** Entries kept per process; a board asks for the team and a handful of groups per installation. */
const MAX_ENTRIES = 256;

export interface ForecastCacheDeps extends ForecastDeps {
  store: ForecastDeps['store'] & Pick<TicketStore, 'rollupVersion'>;
}

export interface ForecastCache {
  get(installationId: string, query: ForecastQuery): Promise<ForecastDocument>;
}

/**
 * Forecasts cost seconds (simulated intervals and an 8-week backtest), and their inputs change
 * only when rollups land, schedules change or the local day turns. The key holds all three:
 * the rollups' version fingerprint (migration 017) read from the database, so a rollup written
 * by any worker process invalidates every API process's entry without a message between them.
 * Concurrent requests for one key share one computation.
 */
export function createForecastCache(deps: ForecastCacheDeps): ForecastCache {
  const entries = new Map<string, Promise<ForecastDocument>>();
  return {
    async get(installationId, query) {
      const [version, schedules] = await Promise.all([
        deps.store.rollupVersion(installationId),
        deps.store.listSchedules(installationId),
      ]);
      const key = [
        installationId,
        query.group ?? '',
        deps.reportingTimeZone,
        localDate(deps.now(), deps.reportingTimeZone),
        version.rows,
        version.versionSum,
        createHash('sha256').update(JSON.stringify(schedules)).digest('base64url'),
      ].join('|');
      const hit = entries.get(key);
      if (hit !== undefined) {
        // Re-inserted so the map's order stays least-recently-used first.
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const pending = computeForecast(deps, installationId, query);
      entries.set(key, pending);
      pending.catch(() => entries.delete(key));
      while (entries.size > MAX_ENTRIES) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return pending;
    },
  };
}
