import type { Id } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';
import type { NameQueries } from './roles/names.js';

/** The SQL implementation of {@link NameQueries}: two primary-key lookups, one round trip each. */
export function nameQueries(client: SqlClient): NameQueries {
  return {
    async listDisplayNames(installationId, { userIds, organizationIds }) {
      const lookup = async (table: 'users' | 'organizations', ids: readonly Id[]) => {
        if (ids.length === 0) return new Map<Id, string>();
        const { rows } = await client.query<{ id: string; name: string | null }>(
          `SELECT id, data->>'name' AS name FROM ${table}
           WHERE installation_id = $1 AND id = ANY($2::text[])`,
          [installationId, [...new Set(ids)]],
        );
        return new Map(
          rows.flatMap((r) => (r.name === null || r.name === '' ? [] : [[r.id, r.name]])),
        );
      };
      return {
        users: await lookup('users', userIds),
        organizations: await lookup('organizations', organizationIds),
      };
    },
  };
}
