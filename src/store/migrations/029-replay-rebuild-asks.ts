/**
 * Deferred asks for a rebuild of an installation's what-if replay blocks (issues 16, 17; see
 * services/whatif/rebuild-asks.ts). In production mode an analysis drain no longer queues a
 * `replay.rebuild` job; it records here when one becomes due, and the scheduler's sweep queues
 * the job once that time has passed. The ask lives in PostgreSQL rather than as a delayed BullMQ
 * job because everything that means "work still pending" (queue depths, test probes, CLI waits)
 * counts delayed jobs: a rebuild put off for minutes must not read as unfinished work.
 *
 * One row per installation with an ask waiting: `first_asked_at` is when the oldest ask still
 * waiting was made (it bounds how long later asks can push `due_at` back).
 */
export const sql = /* sql */ `
CREATE TABLE replay_rebuild_asks (
  installation_id uuid PRIMARY KEY REFERENCES installations (id) ON DELETE CASCADE,
  first_asked_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL
);
`;
