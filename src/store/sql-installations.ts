import { randomUUID } from 'node:crypto';
import type { SqlClient } from './sql-client.js';
import type { Installation, NewInstallation } from './store.js';
import { StoreError } from './errors.js';
import { safeEqual } from '../security/secrets.js';
import { isUuid, toJson } from './sql-values.js';

interface InstallationRow {
  id: string;
  helpdesk: Installation['helpdesk'];
  domain: string;
  credentials_ciphertext: Uint8Array;
  credentials_iv: Uint8Array;
  credentials_tag: Uint8Array;
  app_secret_hash: string;
  settings: Record<string, unknown>;
  created_at: Date;
}

const COLUMNS = `id, helpdesk, domain, credentials_ciphertext, credentials_iv, credentials_tag,
  app_secret_hash, settings, created_at`;

// PGlite returns bytea as Uint8Array, pg as Buffer; callers get Buffers either way.
function toInstallation(row: InstallationRow): Installation {
  return {
    id: row.id,
    helpdesk: row.helpdesk,
    domain: row.domain,
    credentials: {
      ciphertext: Buffer.from(row.credentials_ciphertext),
      iv: Buffer.from(row.credentials_iv),
      tag: Buffer.from(row.credentials_tag),
    },
    appSecretHash: row.app_secret_hash,
    settings: row.settings,
    createdAt: row.created_at.getTime(),
  };
}

/** Installation rows: the tenants. Credentials arrive already encrypted (see secrets.ts). */
export function installationQueries(client: SqlClient) {
  return {
    async createInstallation(input: NewInstallation): Promise<Installation> {
      const { rows } = await client.query<InstallationRow>(
        `INSERT INTO installations (id, helpdesk, domain, credentials_ciphertext, credentials_iv,
           credentials_tag, app_secret_hash, settings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          input.helpdesk,
          input.domain,
          input.credentials.ciphertext,
          input.credentials.iv,
          input.credentials.tag,
          input.appSecretHash,
          toJson(input.settings),
        ],
      );
      const [row] = rows;
      if (row === undefined) throw new StoreError('INSERT … RETURNING returned no row');
      return toInstallation(row);
    },

    async getInstallation(installationId: string): Promise<Installation | null> {
      if (!isUuid(installationId)) return null;
      const { rows } = await client.query<InstallationRow>(
        `SELECT ${COLUMNS} FROM installations WHERE id = $1`,
        [installationId],
      );
      const [row] = rows;
      return row === undefined ? null : toInstallation(row);
    },

    async findInstallationBySecretHash(hash: string): Promise<Installation | null> {
      const { rows } = await client.query<InstallationRow>(
        `SELECT ${COLUMNS} FROM installations WHERE app_secret_hash = $1`,
        [hash],
      );
      const [row] = rows;
      // The index lookup already matched; the constant-time compare keeps the final say free of
      // any early-exit comparison in code we control.
      return row !== undefined && safeEqual(row.app_secret_hash, hash) ? toInstallation(row) : null;
    },

    async listInstallations(): Promise<Installation[]> {
      const { rows } = await client.query<InstallationRow>(
        `SELECT ${COLUMNS} FROM installations ORDER BY created_at, id`,
      );
      return rows.map(toInstallation);
    },
  };
}
