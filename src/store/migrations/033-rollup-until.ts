/**
 * A rollup re-roll of a run of days reads every ticket created in the run and its 30-day
 * look-back, most of which count on none of the run's days; parsing their documents only to drop
 * them made a worker's peak memory at 1M tickets a year pass 512 MB (issue 16). The latest
 * instant a ticket may count at (metrics/rollup-instants.ts), kept beside its metrics, lets that
 * read leave them out in SQL. Rows analysed before this migration have none (NULL: not known),
 * so a read keeps them until their next analysis writes it.
 */
export const sql = /* sql */ `
ALTER TABLE ticket_metrics ADD COLUMN rollup_until timestamptz;
`;
