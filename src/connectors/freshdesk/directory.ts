import { z } from 'zod';
import type { DirectoryEntry } from '../../domain/index.js';
import type { DirectoryListing } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { FreshdeskClient } from './client.js';
import { PER_PAGE, getArray } from './pager.js';
import { rawIdOf } from './schemas.js';

const GroupSchema = z.looseObject({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String),
  name: z.string().min(1),
});

/**
 * Freshdesk's groups by name (`GET /api/v2/groups`, page-numbered). Freshdesk has no brands
 * (its "products" are not what tickets' brand ids name), so only groups are listed and `kinds`
 * says so. A malformed group fails the read, naming it: like a schedule, a group has no
 * quarantine channel, and a silently missing name would show as a bare id on every board.
 */
export async function directory(
  client: FreshdeskClient,
  signal?: AbortSignal,
): Promise<DirectoryListing> {
  const entries: DirectoryEntry[] = [];
  for (let page = 1; ; page += 1) {
    const raws = await getArray(client, '/api/v2/groups', { per_page: PER_PAGE, page }, signal);
    for (const raw of raws) {
      const parsed = GroupSchema.safeParse(raw);
      if (!parsed.success) {
        const problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
        const id = rawIdOf(raw) ?? '?';
        throw new ConnectorError('SCHEMA_MISMATCH', `Freshdesk group ${id}: ${problem.join('; ')}`);
      }
      entries.push({ kind: 'group', id: parsed.data.id, name: parsed.data.name });
    }
    if (raws.length < PER_PAGE) return { kinds: ['group'], entries };
  }
}
