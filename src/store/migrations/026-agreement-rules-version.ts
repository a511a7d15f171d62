/**
 * A stored comparison also records the version of the rules that classified it
 * (`AGREEMENT_RULES_VERSION`), so a release that changes how differences are explained redoes the
 * comparisons made under the old rules instead of showing their reasons until the ticket next
 * changes. Rows stored before this migration count as version 0: all of them are redone once.
 */
export const sql = /* sql */ `
ALTER TABLE agreement_tickets ADD COLUMN rules_version integer NOT NULL DEFAULT 0;
`;
