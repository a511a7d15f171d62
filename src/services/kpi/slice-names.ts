import type { TicketStore } from '../../store/store.js';
import type { Slice } from './schemas.js';

/** Which id a slice value is, for the slices whose values are ids. */
const NAMED: Partial<Record<Slice, 'userIds' | 'groupIds' | 'brandIds'>> = {
  agent: 'userIds',
  group: 'groupIds',
  brand: 'brandIds',
};

/**
 * Display names of a slice's values: group, agent (user) and brand ids by their synced names,
 * channels and tags as themselves (their value is their name). An id the store cannot name is
 * absent, so the app falls back to `#id`; the whole team ('' ) has no name.
 */
export async function sliceNames(
  store: Pick<TicketStore, 'listDisplayNames'>,
  installationId: string,
  slice: Slice,
  values: Iterable<string>,
): Promise<Map<string, string>> {
  const ids = [...new Set(values)].filter((v) => v !== '');
  if (slice === 'channel' || slice === 'tag') return new Map(ids.map((v) => [v, v]));
  const key = NAMED[slice];
  if (key === undefined || ids.length === 0) return new Map();
  const names = await store.listDisplayNames(installationId, { [key]: ids });
  return key === 'userIds' ? names.users : key === 'groupIds' ? names.groups : names.brands;
}
