/**
 * How far each stream's current pass has come, so a backfill's events and ratings stages have a
 * count and an ETA when read from another process (their rows keep no time they were stored):
 *
 * - `records`: records read by the pass (every record of every stored page; a record a later page
 *   repeats counts again, as it was read again).
 * - `started_at`: when the pass began, or restarted from a rewind (the rate's time base).
 * - `watermark`: the newest record time the pass has read (its way through `[origin, now]`).
 *
 * A restart from a rewind resets all three. Passes from before this migration start at zero.
 */
export const sql = /* sql */ `
ALTER TABLE sync_passes
  ADD COLUMN records bigint NOT NULL DEFAULT 0,
  ADD COLUMN started_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN watermark timestamptz;
`;
