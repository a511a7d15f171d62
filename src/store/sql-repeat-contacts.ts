import type { Id, Instant, Ticket } from '../domain/index.js';
import { REPEAT_CONTACT_WINDOW_MS } from '../metrics/effort.js';
import type { SqlClient } from './sql-client.js';

/*
 * A ticket's effort counts its requester's other tickets opened in the 7 days before it (repeat
 * contacts, metrics/effort.ts), read from the stored tickets when it is analysed. A ticket stored
 * after those later ones were analysed (a backfill reaching further back, a quarantined ticket
 * that finally arrives) changes their count without touching their timelines, so nothing would
 * analyse them again: the page that stores it re-marks them, and raises their timeline versions
 * too, so an analysis that read the requester's tickets before the page cannot replace one that
 * read them after.
 */

/** Where a ticket sits for its requester's repeat contacts. */
interface Stamp {
  id: Id;
  requesterId: Id;
  createdAt: Instant;
}

const STORED_STAMPS = `
SELECT id, requester_id AS "requesterId",
  round(extract(epoch FROM created_at) * 1000)::float8 AS "createdAt"
FROM tickets WHERE installation_id = $1 AND id = ANY($2::text[])`;

// The same requester's tickets that count a stamp among their repeat contacts: opened after it,
// or at the same instant with a greater id (the engine's tie-break, in code-point order), and
// no later than the window after it. Instants are whole milliseconds, stored through the same
// to_timestamp, so the bounds compare exactly.
const COUNTING = `
SELECT DISTINCT t.id FROM unnest($2::text[], $3::text[], $4::float8[]) AS s(id, requester_id, ms)
JOIN tickets t ON t.installation_id = $1 AND t.requester_id = s.requester_id
  AND t.created_at >= to_timestamp(s.ms / 1000)
  AND t.created_at <= to_timestamp((s.ms + $5) / 1000)
WHERE t.created_at > to_timestamp(s.ms / 1000) OR t.id COLLATE "C" > s.id COLLATE "C"
ORDER BY t.id`;

/**
 * The stored requester and creation of the page's tickets, read before the page changes them:
 * {@link repeatContactsChanged} needs the old ones of a ticket that moved.
 */
export async function storedStamps(
  client: SqlClient,
  installationId: string,
  tickets: readonly Ticket[],
): Promise<Map<Id, Stamp>> {
  const stamps = new Map<Id, Stamp>();
  if (tickets.length === 0) return stamps;
  const ids = tickets.map((t) => t.id);
  const { rows } = await client.query<Stamp>(STORED_STAMPS, [installationId, ids]);
  for (const row of rows) stamps.set(row.id, row);
  return stamps;
}

/**
 * The tickets whose repeat contacts the page's `changed` tickets changed: those of a ticket new
 * to the store, and of one whose requester or creation moved (before and after the move). Call
 * it in the page's transaction, after the tickets were written.
 */
export async function repeatContactsChanged(
  client: SqlClient,
  installationId: string,
  tickets: readonly Ticket[],
  before: ReadonlyMap<Id, Stamp>,
  changed: ReadonlySet<Id>,
): Promise<Id[]> {
  const moved: Stamp[] = [];
  for (const t of tickets) {
    if (!changed.has(t.id)) continue;
    const old = before.get(t.id);
    const stamp = { id: t.id, requesterId: t.requesterId, createdAt: t.createdAt };
    if (old?.requesterId === stamp.requesterId && old.createdAt === stamp.createdAt) continue;
    moved.push(stamp);
    if (old !== undefined) moved.push(old);
  }
  if (moved.length === 0) return [];
  const { rows } = await client.query<{ id: Id }>(COUNTING, [
    installationId,
    moved.map((s) => s.id),
    moved.map((s) => s.requesterId),
    moved.map((s) => String(s.createdAt)),
    REPEAT_CONTACT_WINDOW_MS,
  ]);
  return rows.map((row) => row.id);
}
