import type pg from 'pg';
import { SYNTHETIC_ID_BASE } from './synthetic-timelines.js';

/** Copies per INSERT … SELECT: a bounded transaction, and progress the caller can see. */
const COPIES_PER_STATEMENT = 5;

/**
 * The rows a replay reads, per table: which columns hold the ticket's id (as a column, and inside
 * the stored JSON), in insertion order (packs reference tickets).
 */
const TABLES: readonly { table: string; idColumn: string; jsonIdPath: string | null }[] = [
  { table: 'tickets', idColumn: 'id', jsonIdPath: '{id}' },
  { table: 'ticket_metrics', idColumn: 'ticket_id', jsonIdPath: '{metrics,ticketId}' },
  { table: 'ticket_timeline_packs', idColumn: 'ticket_id', jsonIdPath: null },
];

/**
 * Grows an installation's `base` analysed synthetic tickets (ids SYNTHETIC_ID_BASE + index) to
 * `total` by copying their stored rows set-based, copy k's ticket i taking the id of synthetic
 * index k·base + i. A copy is the same ticket under another id: the analysis reads no id but to
 * label the result (its `ticketId`, which is rewritten here), so what it would store for the copy
 * is the original's rows with the new id — the replay of today's settings checks this at full size
 * (every ticket's recomputed values must equal the stored ones). Not copied: the tickets' raw
 * events (`ticket_events`), which the replay does not read when a ticket has a timeline pack.
 */
export async function replicateAnalysedTickets(
  db: pg.ClientBase,
  schema: string,
  installationId: string,
  base: number,
  total: number,
): Promise<void> {
  const copies = Math.ceil(total / base) - 1;
  for (let first = 1; first <= copies; first += COPIES_PER_STATEMENT) {
    const last = Math.min(copies, first + COPIES_PER_STATEMENT - 1);
    for (const t of TABLES) {
      await db.query(await copySql(db, schema, t), [installationId, base, first, last, total]);
    }
  }
}

async function copySql(
  db: pg.ClientBase,
  schema: string,
  t: (typeof TABLES)[number],
): Promise<string> {
  // Generated columns are recomputed by the insert, so only the stored ones are listed.
  const { rows } = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER'
     ORDER BY ordinal_position`,
    [schema, t.table],
  );
  const newId = `(${t.idColumn}::bigint + c.k * $2::bigint)::text`;
  const values = rows.map(({ name }) => {
    if (name === t.idColumn) return newId;
    // The stored JSON names the ticket (its id) and its events (`<ticket id>:<n>`, as the
    // synthetic timelines number them): both renamed, so the copy is the copied ticket's own.
    if (name === 'data' && t.jsonIdPath !== null)
      return `replace(jsonb_set(data, '${t.jsonIdPath}', to_jsonb(${newId}))::text,
        '"' || ${t.idColumn} || ':', '"' || ${newId} || ':')::jsonb`;
    return name;
  });
  return `
INSERT INTO ${schema}.${t.table} (${rows.map((r) => r.name).join(', ')})
SELECT ${values.join(', ')}
FROM ${schema}.${t.table} CROSS JOIN generate_series($3::int, $4::int) AS c(k)
WHERE installation_id = $1 AND ${t.idColumn}::bigint < ${String(SYNTHETIC_ID_BASE)} + $2::bigint
  AND ${newId}::bigint < ${String(SYNTHETIC_ID_BASE)} + $5::bigint`;
}
