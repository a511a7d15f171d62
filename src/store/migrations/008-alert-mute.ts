/**
 * Muting KPI alerts from the board: `muted` until unmuted, or `muted_until` an instant. A muted
 * alert is skipped by evaluation and keeps its firing state for when it is unmuted.
 */
export const sql = /* sql */ `
ALTER TABLE kpi_alerts ADD COLUMN muted boolean NOT NULL DEFAULT false;
ALTER TABLE kpi_alerts ADD COLUMN muted_until timestamptz;
`;
