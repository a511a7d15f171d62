/**
 * What-if replay speed (issue 17): the stored values a replay compares against, in the compact form
 * the columnar read (sql-timeline-columns.ts) sends as they are, so it no longer decompresses each
 * ticket's metrics JSONB (most of the database's time per ticket). Generated from `data` and the
 * business columns, so they can never disagree with what the analysis stored: every insert or
 * update of a row recomputes them, and adding them computes them for the rows already stored.
 *
 * - `whatif_business`: the five business durations (first reply, first and full resolution,
 *   requester and agent wait) as big-endian float8, NaN for none.
 * - `whatif_sla`: the stored SLA instances' deciding times (`dims.sla`) as JSON text, `[]` for none.
 */
export const sql = /* sql */ `
ALTER TABLE ticket_metrics
  ADD COLUMN whatif_business bytea GENERATED ALWAYS AS (
    float8send(coalesce(first_reply_seconds_business, 'NaN'))
    || float8send(coalesce((data #>> '{metrics,firstResolution,business}')::float8, 'NaN'))
    || float8send(coalesce(full_resolution_seconds_business, 'NaN'))
    || float8send(coalesce((data #>> '{metrics,requesterWait,business}')::float8, 'NaN'))
    || float8send(coalesce((data #>> '{metrics,agentWait,business}')::float8, 'NaN'))
  ) STORED,
  ADD COLUMN whatif_sla text GENERATED ALWAYS AS (
    CASE WHEN jsonb_typeof(data #> '{dims,sla}') = 'array' THEN (data #> '{dims,sla}')::text
      ELSE '[]' END
  ) STORED;
`;
