/**
 * Versioned summaries, "newer wins": a summariser takes a version from `summary_version` before
 * it reads the requester's tickets, and a save only replaces a stored summary of a lower version.
 * A summary computed from data read earlier can then never overwrite one computed from data read
 * later, whichever worker finishes last (a slow or resumed job, a second worker after a crash).
 * Versions come from the database, not from the workers' clocks. Rows saved before this
 * migration have version 0, so any versioned save replaces them.
 */
export const sql = /* sql */ `
CREATE SEQUENCE summary_version;
ALTER TABLE requester_summaries ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE organization_summaries ADD COLUMN version bigint NOT NULL DEFAULT 0;
`;
