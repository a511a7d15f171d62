/**
 * The analysis outbox: what still has to be (re)computed — tickets to analyse, requesters to
 * summarise, local days to roll up, summaries to push back to the helpdesk. A sync page marks its changed tickets in the same transaction
 * that stores the page and moves the checkpoint, so a crash between the commit and any enqueue
 * loses nothing: the marks outlive every process and the next drain picks them up.
 *
 * `mark` orders the work and versions a row: marking a subject again gives it a fresh mark, so a
 * drain that read the old one acknowledges nothing and the newer change is analysed too.
 * `leased_until` lets concurrent drains split the work without holding locks while they compute;
 * a lease that expires (its worker died) makes the row claimable again.
 */
export const sql = /* sql */ `
CREATE SEQUENCE analysis_outbox_mark;

CREATE TABLE analysis_outbox (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('ticket', 'requester', 'day', 'push')),
  subject_id text NOT NULL,
  mark bigint NOT NULL DEFAULT nextval('analysis_outbox_mark'),
  leased_until timestamptz,
  -- When the subject was first marked (kept on re-marks): how long the work has been waiting.
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (installation_id, kind, subject_id)
);
CREATE INDEX analysis_outbox_order ON analysis_outbox (installation_id, kind, mark);
`;
