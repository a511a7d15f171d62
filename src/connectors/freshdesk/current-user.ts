import type { HelpdeskAccountUser } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { FreshdeskClient } from './client.js';
import { FreshdeskAgentSchema } from './schemas.js';

const PATH = '/api/v2/agents/me';

/**
 * `GET /api/v2/agents/me`: the agent the API key belongs to. Freshdesk names roles by id only
 * (`role_ids`), so whether the agent administers the account stays unknown (null).
 */
export async function currentUser(
  client: FreshdeskClient,
  signal?: AbortSignal,
): Promise<HelpdeskAccountUser> {
  const parsed = FreshdeskAgentSchema.safeParse(await client.get(PATH, { signal }));
  if (!parsed.success) {
    throw new ConnectorError('SCHEMA_MISMATCH', `Freshdesk GET ${PATH} did not return an agent`);
  }
  const agent = parsed.data;
  return { userId: agent.id, name: agent.contact?.name ?? null, role: null, isAdmin: null };
}
