import type { DirectoryEntry, Id } from '../../domain/index.js';

/** Display names of the people, organisations, groups and brands a view mentions. */
export interface DisplayNames {
  /** User id → name; a user the store does not have, or one without a name, is absent. */
  users: Map<Id, string>;
  /** Organisation id → name. */
  organizations: Map<Id, string>;
  /** Group id → name (from the helpdesk's group list). */
  groups: Map<Id, string>;
  /** Brand id → name. */
  brands: Map<Id, string>;
}

/** The ids to name; kinds left out are answered with empty maps. */
export interface NameLookup {
  userIds?: readonly Id[];
  organizationIds?: readonly Id[];
  groupIds?: readonly Id[];
  brandIds?: readonly Id[];
}

/** Name lookups for the views that show people, groups and brands, and the directory's writes. */
export interface NameQueries {
  listDisplayNames(installationId: string, ids: NameLookup): Promise<DisplayNames>;
  /**
   * Stores the helpdesk's groups and brands as read now: each kind given is replaced whole, so a
   * renamed group shows its new name; a kind absent from `entries` keeps what it had only when
   * `kinds` leaves it out (a helpdesk without brands never erases them).
   */
  saveDirectory(
    installationId: string,
    kinds: readonly DirectoryEntry['kind'][],
    entries: readonly DirectoryEntry[],
  ): Promise<void>;
}
