import { z } from 'zod';
import type { AuthorKind } from '../../domain/index.js';
import type { ZendeskClient } from './client.js';
import type { UserRoles } from './map.js';
import { parseEnvelope } from './payload.js';
import { ZendeskUserSchema } from './schemas.js';

/** Zendesk's id for triggers, automations and other system updates. */
export const SYSTEM_USER_ID = '-1';

/** show_many takes at most 100 ids per call. */
const SHOW_MANY_MAX = 100;
const SHOW_MANY_PATH = '/api/v2/users/show_many.json';

const ShowManySchema = z.looseObject({ users: z.array(z.unknown()) });

/**
 * User id → author kind for comment authors, filled from the users export and, for authors not
 * seen there yet, from `users/show_many`. Roles are as of now: Zendesk keeps no role history.
 */
export class RoleCache {
  private readonly roles = new Map<string, AuthorKind>();
  /** Ids show_many did not return (deleted users): asked once, then treated as end-users. */
  private readonly missing = new Set<string>();

  /** Records a user's role from any payload that carries it. */
  set(id: string, role: 'end-user' | 'agent' | 'admin'): void {
    this.roles.set(id, role === 'end-user' ? 'end_user' : 'agent');
    this.missing.delete(id);
  }

  /** A read-only view for mapTicketHistory. */
  view(): UserRoles {
    return this.roles;
  }

  /** The kind of an author; unknown users count as end-users, as map-history does. */
  kindOf(id: string | null): AuthorKind {
    if (id === SYSTEM_USER_ID) return 'system';
    if (id === null) return 'end_user';
    return this.roles.get(id) ?? 'end_user';
  }

  /** Looks up the roles of ids not yet known, in batches of 100. */
  async resolve(client: ZendeskClient, ids: Iterable<string>, signal?: AbortSignal): Promise<void> {
    const unknown = [...new Set(ids)].filter(
      (id) => id !== SYSTEM_USER_ID && !this.roles.has(id) && !this.missing.has(id),
    );
    for (let i = 0; i < unknown.length; i += SHOW_MANY_MAX) {
      const batch = unknown.slice(i, i + SHOW_MANY_MAX);
      const body = await client.get(SHOW_MANY_PATH, { ids: batch.join(',') }, signal);
      const page = parseEnvelope(ShowManySchema, body, `Zendesk GET ${SHOW_MANY_PATH}`);
      for (const raw of page.users) {
        const user = ZendeskUserSchema.safeParse(raw);
        if (user.success) this.set(user.data.id, user.data.role);
      }
      for (const id of batch) if (!this.roles.has(id)) this.missing.add(id);
    }
  }
}
