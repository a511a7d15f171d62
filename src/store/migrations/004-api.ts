/**
 * What the HTTP API adds: backfill requests an admin started, so their progress can be read back
 * by id while the sync job (which keeps no state of its own) runs in a worker.
 */
export const sql = /* sql */ `
CREATE TABLE backfills (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  since timestamptz NOT NULL,
  requested_at timestamptz NOT NULL,
  PRIMARY KEY (installation_id, id)
);
CREATE INDEX backfills_latest ON backfills (installation_id, requested_at DESC);
CREATE INDEX tickets_stored ON tickets (installation_id, stored_at);
`;
