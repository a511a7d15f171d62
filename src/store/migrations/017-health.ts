/**
 * Customer health (issue 19) and the forecast cache's key.
 *
 * `kpi_daily_rollups.version`: every row written takes the next value of a sequence. The
 * rollups of a day are replaced (deleted and re-inserted), so `(count, sum(version))` over an
 * installation's rows changes with every committed rewrite — new rows always carry versions
 * above every row they replace — even when transactions commit out of order (a `max` would miss
 * a late commit of an early version). The forecast cache keys on that pair.
 *
 * `health_daily_scores`: one row per account (organisation, or requester without one) and day,
 * recomputed from the stored ticket metrics, so an account's trend is a read, not a recompute.
 * `health_settings`: the optional value and churn markers of an installation.
 */
export const sql = /* sql */ `
CREATE SEQUENCE kpi_rollup_version;
ALTER TABLE kpi_daily_rollups
  ADD COLUMN version bigint NOT NULL DEFAULT nextval('kpi_rollup_version');
CREATE INDEX kpi_daily_rollups_versions ON kpi_daily_rollups (installation_id) INCLUDE (version);

CREATE TABLE health_daily_scores (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  account_id text NOT NULL,
  day date NOT NULL,
  score double precision NOT NULL,
  status text NOT NULL CHECK (status IN ('healthy', 'watch', 'at_risk')),
  tickets integer NOT NULL,
  data jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (installation_id, account_id, day)
);
CREATE INDEX health_daily_scores_day ON health_daily_scores (installation_id, day, score);

CREATE TABLE health_settings (
  installation_id uuid PRIMARY KEY REFERENCES installations (id) ON DELETE CASCADE,
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;
