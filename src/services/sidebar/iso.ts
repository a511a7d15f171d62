import type { Instant } from '../../domain/index.js';

/** The API's instants are ISO-8601 UTC strings (the contract); the store keeps epoch ms. */
export function iso(at: Instant): string {
  return new Date(at).toISOString();
}

export function isoOrNull(at: Instant | null | undefined): string | null {
  return at === null || at === undefined ? null : iso(at);
}

/** Keys that hold instants wherever they appear in the metric engine's output. */
const INSTANT_KEYS = new Set([
  'at',
  'from',
  'to',
  'createdAt',
  'updatedAt',
  'firstSolvedAt',
  'lastSolvedAt',
  'awaitingReplySince',
  'respondedAt',
  'loggedAt',
  'asOf',
]);

/**
 * A copy of `value` with every number under an instant key rendered as ISO. Only for structures
 * whose numeric `from`/`to`/`at` are instants (metric output, summaries) — not raw events,
 * whose field changes carry arbitrary numbers under `from`/`to`.
 */
export function withIsoInstants(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withIsoInstants);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] =
      INSTANT_KEYS.has(key) && typeof inner === 'number' ? iso(inner) : withIsoInstants(inner);
  }
  return out;
}
