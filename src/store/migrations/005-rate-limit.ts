/**
 * The helpdesk's rate limit per installation and stream, as the syncs saw it: 429 answers counted
 * across every run and worker, and the request budget left in the latest response.
 */
export const sql = /* sql */ `
ALTER TABLE sync_checkpoints
  ADD COLUMN rate_limited_429 bigint NOT NULL DEFAULT 0,
  ADD COLUMN rate_limit_remaining integer,
  ADD COLUMN rate_limit_limit integer,
  ADD COLUMN rate_limit_at timestamptz;
`;
