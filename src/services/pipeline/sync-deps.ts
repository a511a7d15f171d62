import type { HelpdeskConnector } from '../../connectors/connector.js';
import type { JobProducer } from '../../queue/queue.js';
import type {
  InstallationStore,
  SyncPassQueries,
  SyncStore,
  ApiStoreQueries,
  NameQueries,
  ScheduleStore,
} from '../../store/store.js';
import type { SyncProgress } from './sync-progress.js';

/** How far back a first sync reaches when nobody asked for a backfill (`FIRST_SYNC_DAYS`). */
export const DEFAULT_FIRST_SYNC_DAYS = 30;

/** What the sync services need; all adapters arrive as interfaces. */
export interface SyncDeps {
  store: ApiStoreQueries &
    InstallationStore &
    NameQueries &
    ScheduleStore &
    SyncPassQueries &
    SyncStore;
  connectorFor: (installationId: string) => Promise<HelpdeskConnector>;
  producer: JobProducer;
  now: () => number;
  /** Days a first sync reaches back when no backfill was asked for (`FIRST_SYNC_DAYS`). */
  firstSyncDays?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Lifetime of the sync lease without a renewal (sync-lease.ts's default when absent). */
  syncLeaseMs?: number;
}
