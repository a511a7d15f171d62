import type { Id } from '../domain/index.js';
import type { SqlClient } from './sql-client.js';

/** Display names of the people and organisations a sidebar or explain view mentions. */
export interface DisplayNames {
  /** User id → name; a user the store does not have, or one without a name, is absent. */
  users: Map<Id, string>;
  /** Organisation id → name. */
  organizations: Map<Id, string>;
}

/** Name lookups for the views that show people (the synced users and organisations). */
export interface NameQueries {
  listDisplayNames(
    installationId: string,
    ids: { userIds: readonly Id[]; organizationIds: readonly Id[] },
  ): Promise<DisplayNames>;
}

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
