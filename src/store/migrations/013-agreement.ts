/**
 * Agreement with Zendesk's own numbers (docs/metrics.md "Agreement with Zendesk").
 *
 * - `agreement_tickets`: one row per compared ticket, with the versions of the two inputs it was
 *   compared at (our analysis' `computed_at`, the metric set's `updated_at`), so a refresh
 *   recompares only tickets whose analysis or metric set moved since.
 * - `agreement_comparisons`: one row per ticket × metric × clock that either side has a value
 *   for; `reason` is NULL when the two agree within a minute, else the catalogue's reason, with
 *   the ids of the events that show it.
 */
export const sql = /* sql */ `
CREATE TABLE agreement_tickets (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  ticket_id text NOT NULL,
  ticket_created_at timestamptz NOT NULL,
  metrics_computed_at timestamptz NOT NULL,
  helpdesk_updated_at timestamptz NOT NULL,
  PRIMARY KEY (installation_id, ticket_id)
);
CREATE INDEX agreement_tickets_created ON agreement_tickets (installation_id, ticket_created_at);

CREATE TABLE agreement_comparisons (
  installation_id uuid NOT NULL,
  ticket_id text NOT NULL,
  metric text NOT NULL,
  clock text NOT NULL,
  ours double precision,
  theirs double precision,
  reason text,
  evidence_event_ids text[] NOT NULL,
  PRIMARY KEY (installation_id, ticket_id, metric, clock),
  FOREIGN KEY (installation_id, ticket_id)
    REFERENCES agreement_tickets (installation_id, ticket_id) ON DELETE CASCADE
);
CREATE INDEX agreement_comparisons_reason ON agreement_comparisons (installation_id, reason)
  WHERE reason IS NOT NULL;
`;
