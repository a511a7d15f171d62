/**
 * Analyses ordered by what they read, not by their clock (issue: a webhook analysis that read a
 * ticket before its newest events could stamp a later `now` than the drain that read them, and
 * "the later `computed_at` wins" kept the older result). Every write that changes a ticket's
 * timeline (ticket row, events, time entries, survey answers) raises the ticket's counter here in
 * the same transaction; an analysis reads it in the statement that reads the timeline and stores
 * it on the metrics row, and a save only replaces a row of a lower version (or of the same
 * version computed earlier: new settings or a new engine over the same timeline still win).
 *
 * Its own table rather than a column of `tickets`: events may be written before their ticket row
 * commits, and an UPDATE of a row not yet visible bumps nothing, while two upserts of one key
 * wait for each other, so each write gets its own version in commit order. Tickets stored before
 * this migration have no row and read as version 0, the version of every stored metrics row.
 */
export const sql = /* sql */ `
CREATE TABLE ticket_timeline_versions (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  ticket_id text NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (installation_id, ticket_id)
);
ALTER TABLE ticket_metrics ADD COLUMN timeline_version integer NOT NULL DEFAULT 0;
`;
