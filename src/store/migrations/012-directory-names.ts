/**
 * Names of the helpdesk's groups and brands, which tickets reference by id only. Agents need no
 * table of their own: they are users, already synced with their names. One row per (kind, id),
 * replaced whenever a sync reads the helpdesk's lists again; no foreign keys to tickets, which
 * may name a group the list no longer has (deleted groups keep their tickets).
 */
export const sql = /* sql */ `
CREATE TABLE directory_names (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('group', 'brand')),
  id text NOT NULL,
  name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (installation_id, kind, id)
);
`;
