/**
 * The KPI board's CES and NPS cells used to unpack every answer from each ticket's metrics
 * document (`data->'metrics'->'surveys'`), detoasting a large jsonb per answer: seconds at a year
 * of a busy account. This table holds the same answers, one narrow row each with the ticket's
 * slice columns, so the board counts them with one indexed GROUP BY.
 *
 * It is derived from `ticket_metrics` by a trigger, so every writer of metrics (the analysis
 * batch, the single-ticket path, a bulk load) keeps it exact, and a ticket's answers are replaced
 * whenever its metrics are. Deleted and merged-away tickets keep no rows, as the rollups count
 * them nowhere. `SET search_path FROM CURRENT` pins the function to this schema's tables.
 */
export const sql = /* sql */ `
CREATE TABLE ticket_survey_answers (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  ticket_id text NOT NULL,
  kind text NOT NULL,
  responded_at timestamptz NOT NULL,
  value double precision NOT NULL,
  scale_min double precision NOT NULL,
  scale_max double precision NOT NULL,
  direction text NOT NULL,
  status text NOT NULL,
  group_id text,
  assignee_id text,
  channel text,
  brand_id text,
  tags text[] NOT NULL,
  response jsonb NOT NULL
);
CREATE INDEX ticket_survey_answers_ticket ON ticket_survey_answers (installation_id, ticket_id);
CREATE INDEX ticket_survey_answers_responded
  ON ticket_survey_answers (installation_id, kind, responded_at);

CREATE FUNCTION ticket_survey_answers_of(m ticket_metrics) RETURNS SETOF ticket_survey_answers
LANGUAGE sql STABLE AS $$
  SELECT m.installation_id, m.ticket_id, s->>'kind',
    to_timestamp((s->>'respondedAt')::double precision / 1000), (s->>'value')::double precision,
    (s->>'scaleMin')::double precision, (s->>'scaleMax')::double precision, s->>'direction',
    m.status, m.group_id, m.assignee_id, m.channel, m.brand_id, m.tags, s
  FROM jsonb_array_elements(COALESCE(m.data->'metrics'->'surveys', '[]'::jsonb)) AS s
  WHERE m.status <> 'deleted'
    AND COALESCE((m.data->'metrics'->>'isMerged')::boolean, false) = false
$$;

CREATE FUNCTION ticket_survey_answers_sync() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM ticket_survey_answers
    WHERE installation_id = OLD.installation_id AND ticket_id = OLD.ticket_id;
  END IF;
  INSERT INTO ticket_survey_answers SELECT * FROM ticket_survey_answers_of(NEW);
  RETURN NULL;
END
$$;

CREATE TRIGGER ticket_metrics_survey_answers AFTER INSERT OR UPDATE ON ticket_metrics
  FOR EACH ROW EXECUTE FUNCTION ticket_survey_answers_sync();

INSERT INTO ticket_survey_answers SELECT a.* FROM ticket_metrics m,
  LATERAL ticket_survey_answers_of(m) AS a;
`;
