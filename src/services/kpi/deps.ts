import type {
  AnalysisSettingsStore,
  ApiStoreQueries,
  InstallationStore,
  KpiReads,
  NameQueries,
  RollupStore,
  ScheduleStore,
  TicketMetricsStore,
} from '../../store/store.js';

/** What the KPI services read: the store, the reporting zone rollups were bucketed in, a clock. */
export interface KpiDeps {
  store: AnalysisSettingsStore &
    ApiStoreQueries &
    InstallationStore &
    KpiReads &
    NameQueries &
    RollupStore &
    ScheduleStore &
    TicketMetricsStore;
  /** IANA zone whose local days the rollups and ranges use (REPORTING_TIME_ZONE). */
  reportingTimeZone: string;
  now: () => number;
  /** Reopen-rate window (REOPEN_WINDOW_DAYS) for per-ticket values; metrics.md's 7 when absent. */
  reopenWindowDays?: number;
}
