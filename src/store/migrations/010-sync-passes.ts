/**
 * Where each stream's current pass began, so a pass that dies before it ends (or before it even
 * starts) is resumed from the same origin by whichever run comes next, never from a later default.
 *
 * - `origin`: the instant the stream reads from while it has no checkpoint.
 * - `done_at`: when the pass reached the end of the stream; NULL while it still runs.
 * - `rewind_to`: a backfill requested and not yet applied. It is applied by the next run when it
 *   opens the stream, not by the request, so a sync running meanwhile cannot overwrite it.
 *
 * `sync_leases` keeps two syncs of one installation from interleaving their checkpoints: the
 * queue cannot promise that alone once Redis has lost its state. A lease held by a dead worker
 * expires after its TTL.
 *
 * Streams synced before this migration are taken as having finished a pass.
 */
export const sql = /* sql */ `
CREATE TABLE sync_passes (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  stream text NOT NULL,
  origin timestamptz NOT NULL,
  done_at timestamptz,
  rewind_to timestamptz,
  PRIMARY KEY (installation_id, stream)
);

INSERT INTO sync_passes (installation_id, stream, origin, done_at)
SELECT installation_id, stream, updated_at, updated_at
FROM sync_checkpoints WHERE checkpoint IS NOT NULL;

CREATE TABLE sync_leases (
  installation_id uuid PRIMARY KEY REFERENCES installations (id) ON DELETE CASCADE,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);
`;
