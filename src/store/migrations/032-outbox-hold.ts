/**
 * A ticket row of the analysis outbox keeps the ticket's `updated_at` as it was when marked
 * (`hold_at`), so the analysis drain's claim (sql-outbox.ts `CLAIM_ANALYSABLE`) tells a held
 * ticket from the row alone instead of looking the ticket up for every held row on every claim.
 * Every write that changes a stored ticket marks it in the same transaction (sql-sync.ts), so
 * the copy is the ticket's current `updated_at`. NULL (a ticket not stored when marked, or a
 * mark that does not copy it) makes the claim look the ticket up as before.
 */
export const sql = /* sql */ `
ALTER TABLE analysis_outbox ADD COLUMN hold_at timestamptz;

UPDATE analysis_outbox o SET hold_at = t.updated_at
FROM tickets t
WHERE o.kind = 'ticket' AND t.installation_id = o.installation_id AND t.id = o.subject_id;
`;
