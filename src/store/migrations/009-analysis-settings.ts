/**
 * What the stored metrics and rollups were computed under, per installation: a fingerprint of the
 * settings analysis reads (schedules, SLA policy, field mapping, engine version) and one of those
 * the rollups read (reopen window, reporting zone). A drain that finds a different fingerprint
 * marks the affected history again in the analysis outbox, so one board never mixes two
 * definitions; the re-analysis it started is kept here (size, start, end) for its progress.
 */
export const sql = /* sql */ `
CREATE TABLE analysis_settings (
  installation_id uuid PRIMARY KEY REFERENCES installations (id) ON DELETE CASCADE,
  analysis_fingerprint text,
  rollup_fingerprint text,
  reanalysis_total integer NOT NULL DEFAULT 0,
  reanalysis_started_at timestamptz,
  reanalysis_finished_at timestamptz
);
`;
