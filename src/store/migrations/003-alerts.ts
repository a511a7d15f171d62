/**
 * KPI alerts (issue 5) and the indexes the KPI board's non-rollup reads need: survey answers by
 * answer time (CES per scale, NPS) and the unsolved tickets backlog starts from. The partial
 * indexes cover only the rows those reads touch, so they stay small on large installations.
 */
export const sql = /* sql */ `
CREATE TABLE kpi_alerts (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kpi text NOT NULL,
  rule jsonb NOT NULL,
  min_sample integer NOT NULL CHECK (min_sample >= 1),
  cooldown_minutes integer NOT NULL CHECK (cooldown_minutes >= 0),
  webhook_url text NOT NULL,
  business_hours boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_evaluated_at timestamptz,
  last_fired_at timestamptz,
  last_value double precision,
  last_delivery text,
  PRIMARY KEY (installation_id, id)
);

CREATE INDEX ticket_events_survey_answers ON ticket_events (installation_id, at)
  WHERE type = 'survey_answer';
CREATE INDEX survey_answers_responded ON survey_answers (installation_id, responded_at);
CREATE INDEX ticket_metrics_unsolved ON ticket_metrics (installation_id, created_at)
  WHERE status IN ('new', 'open', 'pending', 'hold');
`;
