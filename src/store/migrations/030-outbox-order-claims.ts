/**
 * The outbox's order index serves the claims only (sql-outbox.ts). Its rows are looked up by key
 * too (acknowledgements, releases, push settling, the metrics write's hold), and on an outbox
 * never analysed (autovacuum off) the planner costs this index exactly as the primary key for
 * such a lookup: both lead with (installation_id, kind), and without statistics either is taken
 * for one row. It took this one, so every key looked up read every row of its kind (with 5,000
 * pending: 5,000 rows read per key, 0.5 ms each). The predicate holds for every row (marks come
 * from a sequence that starts at 1), so it changes no answer; it only lets the statements that
 * state it, the claims, use the index, and leaves key lookups the primary key.
 */
export const sql = /* sql */ `
DROP INDEX analysis_outbox_order;
CREATE INDEX analysis_outbox_order ON analysis_outbox (installation_id, kind, mark) WHERE mark > 0;
`;
