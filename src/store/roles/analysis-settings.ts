/** The settings fingerprints the stored metrics and rollups were computed under. */
export interface AnalysisFingerprints {
  /** Of what per-ticket analysis reads (schedules, SLA policy, mapping, engine version). */
  analysis: string;
  /** Of what only the rollups read (reopen window, reporting zone). */
  rollup: string;
}

/** What {@link AnalysisSettingsStore.adoptAnalysisSettings} marked again. */
export interface AdoptedSettings {
  /** Analysed tickets marked pending analysis again (0 when the analysis settings held). */
  reanalysed: number;
  /** Rolled-up days marked pending again (0 when the rollup settings held). */
  rerolled: number;
}

/** The latest re-analysis of an installation's history, and how much of it is still pending. */
export interface ReanalysisState {
  total: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Tickets pending analysis now (a re-analysis' own and any newly synced ones). */
  pendingTickets: number;
  /** Local days pending a rollup now. */
  pendingDays: number;
}

/** Store methods of settings-driven re-analysis. */
export interface AnalysisSettingsStore {
  /**
   * Records the fingerprints the installation's history is computed under. When the analysis
   * one differs from the stored one (or `force`), every analysed ticket is marked pending analysis
   * again and a re-analysis of that size starts; when the rollup one differs, every rolled-up day
   * is marked pending again. One transaction: concurrent callers mark once.
   */
  adoptAnalysisSettings(
    installationId: string,
    fingerprints: AnalysisFingerprints,
    force?: boolean,
  ): Promise<AdoptedSettings>;
  /** The latest re-analysis; null when none ever started. */
  getReanalysis(installationId: string): Promise<ReanalysisState | null>;
  /** Ends the running re-analysis once no ticket or day is pending; true when it ended now. */
  finishReanalysis(installationId: string): Promise<boolean>;
}
