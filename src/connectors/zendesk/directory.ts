import { z } from 'zod';
import type { DirectoryEntry, DirectoryKind } from '../../domain/index.js';
import type { DirectoryListing } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { ZendeskClient } from './client.js';
import { issues, parseEnvelope } from './payload.js';
import { ZendeskIdSchema } from './schemas.js';

const NamedSchema = z.looseObject({ id: ZendeskIdSchema, name: z.string().min(1) });

const PagingSchema = z.looseObject({
  meta: z.looseObject({ has_more: z.boolean().nullish() }).nullish(),
  links: z.looseObject({ next: z.string().nullish() }).nullish(),
});

/** The lists a directory is read from: path and the body's key, per kind. */
const LISTS: readonly { kind: DirectoryKind; path: string; key: string }[] = [
  { kind: 'group', path: '/api/v2/groups.json', key: 'groups' },
  { kind: 'brand', path: '/api/v2/brands.json', key: 'brands' },
];

// Cursor pagination's largest page; an account has tens of groups, rarely more than a page.
const PAGE_SIZE = 100;

/**
 * The account's groups and brands by name (`GET /api/v2/groups.json`, `GET /api/v2/brands.json`,
 * cursor-paginated through `links.next`). A record without an id or name is skipped with a
 * warning naming it. A plan that refuses or lacks the brands list (403/404) has no brands to
 * name: the kind is left out of `kinds`, so what the store has for it stays.
 */
export async function directory(
  client: ZendeskClient,
  warn: (message: string) => void,
): Promise<DirectoryListing> {
  const kinds: DirectoryKind[] = [];
  const entries: DirectoryEntry[] = [];
  for (const list of LISTS) {
    try {
      entries.push(...(await readList(client, list, warn)));
      kinds.push(list.kind);
    } catch (error) {
      const missing =
        error instanceof ConnectorError && ['AUTH_FAILED', 'NOT_FOUND'].includes(error.code);
      if (list.kind !== 'brand' || !missing) throw error;
      warn(`${error.message}; brand names not imported`);
    }
  }
  return { kinds, entries };
}

async function readList(
  client: ZendeskClient,
  { kind, path, key }: (typeof LISTS)[number],
  warn: (message: string) => void,
): Promise<DirectoryEntry[]> {
  const itemsSchema = z.looseObject({ [key]: z.array(z.unknown()) });
  const entries: DirectoryEntry[] = [];
  let next: string | null = path;
  let query: Record<string, string | number> | undefined = { 'page[size]': PAGE_SIZE };
  while (next !== null) {
    const raw: unknown = await client.get(next, query);
    const what = `Zendesk GET ${path}`;
    const body = parseEnvelope(PagingSchema, raw, what);
    const items = z.array(z.unknown()).parse(parseEnvelope(itemsSchema, raw, what)[key]);
    for (const item of items) {
      const parsed = NamedSchema.safeParse(item);
      if (parsed.success) entries.push({ kind, id: parsed.data.id, name: parsed.data.name });
      else warn(`Zendesk ${kind} skipped: invalid (${issues(parsed)})`);
    }
    // `links.next` already carries the page size and cursor.
    next = body.meta?.has_more === true ? (body.links?.next ?? null) : null;
    query = undefined;
  }
  return entries;
}
