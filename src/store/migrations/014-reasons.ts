/**
 * Contact-reason settings per installation: which ticket field and which tag patterns name a
 * ticket's reason. Kept apart from `installations.settings` (connection settings) because only
 * the reasons report reads them and changing them recomputes nothing stored.
 */
export const sql = /* sql */ `
CREATE TABLE reason_settings (
  installation_id uuid PRIMARY KEY REFERENCES installations (id) ON DELETE CASCADE,
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;
