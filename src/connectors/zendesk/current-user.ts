import { z } from 'zod';
import type { HelpdeskAccountUser } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { ZendeskClient } from './client.js';
import { ZendeskIdSchema } from './schemas.js';

const PATH = '/api/v2/users/me.json';

// Zendesk answers users/me for anyone: a caller it does not recognise gets 200 with an anonymous
// user whose id is null, so the id, not the status, tells whether the credentials were accepted.
const CurrentUserResponseSchema = z.looseObject({
  user: z.looseObject({
    id: ZendeskIdSchema.nullable(),
    role: z.string(),
    name: z.string().nullish(),
  }),
});

/** `GET /api/v2/users/me.json`: the user the client's credentials act as. */
export async function currentUser(
  client: ZendeskClient,
  signal?: AbortSignal,
): Promise<HelpdeskAccountUser> {
  const body = await client.get(PATH, undefined, signal);
  const parsed = CurrentUserResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new ConnectorError('SCHEMA_MISMATCH', `Zendesk GET ${PATH} did not return a user`);
  }
  const { id, role, name } = parsed.data.user;
  if (id === null) {
    throw new ConnectorError(
      'AUTH_FAILED',
      `Zendesk GET ${PATH} took the credentials for an anonymous visitor: check them`,
    );
  }
  return { userId: id, name: name ?? null, role, isAdmin: role === 'admin' };
}
