import type { DirectoryEntry, Id } from '../domain/index.js';
import type { SqlClient, SqlParam } from './sql-client.js';
import type { NameQueries } from './roles/names.js';

/** The SQL implementation of {@link NameQueries}: primary-key lookups, one round trip per kind. */
export function nameQueries(client: SqlClient): NameQueries {
  const named = async (sql: string, params: readonly SqlParam[]) => {
    const { rows } = await client.query<{ id: string; name: string | null }>(sql, params);
    return new Map(rows.flatMap((r) => (r.name === null || r.name === '' ? [] : [[r.id, r.name]])));
  };
  const entity = async (
    table: 'users' | 'organizations',
    installationId: string,
    ids?: readonly Id[],
  ) =>
    ids === undefined || ids.length === 0
      ? new Map<Id, string>()
      : named(
          `SELECT id, data->>'name' AS name FROM ${table}
           WHERE installation_id = $1 AND id = ANY($2::text[])`,
          [installationId, [...new Set(ids)]],
        );
  const directory = async (
    kind: DirectoryEntry['kind'],
    installationId: string,
    ids?: readonly Id[],
  ) =>
    ids === undefined || ids.length === 0
      ? new Map<Id, string>()
      : named(
          `SELECT id, name FROM directory_names
           WHERE installation_id = $1 AND kind = $2 AND id = ANY($3::text[])`,
          [installationId, kind, [...new Set(ids)]],
        );
  return {
    async listDisplayNames(installationId, ids) {
      const [users, organizations, groups, brands] = await Promise.all([
        entity('users', installationId, ids.userIds),
        entity('organizations', installationId, ids.organizationIds),
        directory('group', installationId, ids.groupIds),
        directory('brand', installationId, ids.brandIds),
      ]);
      return { users, organizations, groups, brands };
    },
    async saveDirectory(installationId, kinds, entries) {
      if (kinds.length === 0) return;
      const wanted = entries.filter((e) => kinds.includes(e.kind));
      await client.transaction(async (tx) => {
        await tx.query(
          'DELETE FROM directory_names WHERE installation_id = $1 AND kind = ANY($2::text[])',
          [installationId, [...kinds]],
        );
        if (wanted.length === 0) return;
        await tx.query(
          `INSERT INTO directory_names (installation_id, kind, id, name)
           SELECT $1, kind, id, name
           FROM unnest($2::text[], $3::text[], $4::text[]) AS d (kind, id, name)
           ON CONFLICT (installation_id, kind, id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()`,
          [
            installationId,
            wanted.map((e) => e.kind),
            wanted.map((e) => e.id),
            wanted.map((e) => e.name),
          ],
        );
      });
    },
  };
}
