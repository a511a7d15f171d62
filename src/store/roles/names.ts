import type { Id } from '../../domain/index.js';

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
