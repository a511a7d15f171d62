/**
 * Board speed (issue 16): survey answers counted at write time per UTC day, ISO week (Monday
 * first) and month, slice dimension and value, and answer (kind, scale, direction, value), so the
 * board's CES and NPS cells sum a few tally rows per period instead of counting every answer
 * (~70,000 index entries for a 90-day board and its previous period at 1,000,000 tickets a year).
 * The reader (`countSurveyAnswers`) takes whole UTC days, weeks and months from here and counts
 * only the answers of the partial UTC days at a range's ends (a local midnight in any zone) from
 * the answers themselves, so the tallies need no reporting zone.
 *
 * Migration 007's per-row trigger becomes per-statement triggers that keep the answers and the
 * tallies together: a statement's old answers are deleted and its new ones inserted, and the
 * tallies change by exactly the rows those two statements returned (-1 per deleted answer, +1 per
 * inserted one), summed per key in one upsert. So a changed value, a moved slice, a deleted or
 * merged ticket and a re-analysis all keep the tallies equal to a count of the answers. A batch
 * is one statement instead of two per ticket. Writers of one installation take its advisory lock
 * before touching tallies (held to commit): an upsert fires both the insert and the update
 * trigger, and two such statements could otherwise lock shared tally rows in opposite orders.
 */

// The tally rows of `changed` (answer columns plus `sign`), added into `survey_tallies`. Slice
// values are counted as the board's count did: '' for all, none for an empty field, each distinct
// tag once. Keys are sorted so concurrent writers lock them in one order.
const ADD_TALLIES = `
INSERT INTO survey_tallies AS t (installation_id, dimension, kind, period, start_day,
  slice_value, scale_min, scale_max, direction, value, count)
SELECT c.installation_id, d.dimension, c.kind, p.period, p.start_day, d.slice_value,
  c.scale_min, c.scale_max, c.direction, c.value, sum(c.sign)::integer
FROM changed c
CROSS JOIN LATERAL (SELECT c.responded_at AT TIME ZONE 'UTC' AS utc) AS u
CROSS JOIN LATERAL (VALUES ('day', u.utc::date),
  ('week', date_trunc('week', u.utc)::date),
  ('month', date_trunc('month', u.utc)::date)) AS p(period, start_day)
CROSS JOIN LATERAL (
  SELECT 'all', '' UNION ALL
  SELECT 'group', c.group_id WHERE c.group_id IS NOT NULL UNION ALL
  SELECT 'agent', c.assignee_id WHERE c.assignee_id IS NOT NULL UNION ALL
  SELECT 'channel', c.channel WHERE c.channel IS NOT NULL UNION ALL
  SELECT 'brand', c.brand_id WHERE c.brand_id IS NOT NULL UNION ALL
  SELECT DISTINCT 'tag', g.tag FROM unnest(c.tags) AS g(tag) WHERE g.tag IS NOT NULL
) AS d(dimension, slice_value)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
HAVING sum(c.sign) <> 0
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
ON CONFLICT (installation_id, dimension, kind, period, start_day, slice_value, scale_min,
  scale_max, direction, value) DO UPDATE SET count = t.count + EXCLUDED.count`;

// The answers of the statement's new rows of installation `inst`, as migration 007's
// `ticket_survey_answers_of` derives them (written out: a transition table's whole row is a
// record, not a `ticket_metrics`, so that function cannot take it).
const ANSWERS_OF_NEW_ROWS = `SELECT m.installation_id, m.ticket_id, s->>'kind',
      to_timestamp((s->>'respondedAt')::double precision / 1000), (s->>'value')::double precision,
      (s->>'scaleMin')::double precision, (s->>'scaleMax')::double precision, s->>'direction',
      m.status, m.group_id, m.assignee_id, m.channel, m.brand_id, m.tags, s
    FROM new_rows m, jsonb_array_elements(COALESCE(m.data->'metrics'->'surveys', '[]'::jsonb)) AS s
    WHERE m.installation_id = inst AND m.status <> 'deleted'
      AND COALESCE((m.data->'metrics'->>'isMerged')::boolean, false) = false`;

// Per installation of the statement (in id order, each after its lock): the new rows' answers
// inserted, and on update the old rows' answers deleted first, through the ticket index (`= ANY`
// keeps the plan an index scan whatever the batch size).
function syncAnswers(rows: 'new_rows' | 'old_rows'): string {
  const gone =
    rows === 'old_rows'
      ? `gone AS (DELETE FROM ticket_survey_answers s
           WHERE s.installation_id = inst
             AND s.ticket_id = ANY (ARRAY(SELECT o.ticket_id FROM old_rows o
               WHERE o.installation_id = inst))
           RETURNING s.*),`
      : '';
  const changed =
    rows === 'old_rows'
      ? 'SELECT gone.*, -1 AS sign FROM gone UNION ALL SELECT added.*, 1 FROM added'
      : 'SELECT added.*, 1 AS sign FROM added';
  return `
  FOR inst IN SELECT DISTINCT n.installation_id FROM new_rows n ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('deskpulse.survey_tallies.' || current_schema()),
      hashtext(inst::text));
    WITH ${gone}
    added AS (INSERT INTO ticket_survey_answers ${ANSWERS_OF_NEW_ROWS} RETURNING *),
    changed AS (${changed})
    ${ADD_TALLIES};
  END LOOP;`;
}

export const sql = /* sql */ `
CREATE TABLE survey_tallies (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  dimension text NOT NULL,
  kind text NOT NULL,
  period text NOT NULL CHECK (period IN ('day', 'week', 'month')),
  start_day date NOT NULL,
  slice_value text NOT NULL,
  scale_min double precision NOT NULL,
  scale_max double precision NOT NULL,
  direction text NOT NULL,
  value double precision NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (installation_id, dimension, kind, period, start_day, slice_value, scale_min,
    scale_max, direction, value)
);

DROP TRIGGER ticket_metrics_survey_answers ON ticket_metrics;
DROP FUNCTION ticket_survey_answers_sync();
DROP FUNCTION ticket_survey_answers_of(ticket_metrics);

CREATE FUNCTION ticket_survey_answers_inserted() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  inst uuid;
BEGIN${syncAnswers('new_rows')}
  RETURN NULL;
END
$$;

CREATE FUNCTION ticket_survey_answers_updated() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  inst uuid;
BEGIN${syncAnswers('old_rows')}
  RETURN NULL;
END
$$;

CREATE TRIGGER ticket_metrics_survey_answers_inserted AFTER INSERT ON ticket_metrics
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_survey_answers_inserted();
CREATE TRIGGER ticket_metrics_survey_answers_updated AFTER UPDATE ON ticket_metrics
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_survey_answers_updated();

WITH changed AS (SELECT a.*, 1 AS sign FROM ticket_survey_answers a)
${ADD_TALLIES};
`;
