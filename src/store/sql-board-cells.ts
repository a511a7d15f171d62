import type { LocalDate } from '../domain/index.js';
import { locateSketchPartsIn } from '../metrics/sketch-parts.js';
import { float8ArrayOf, int4ArrayOf, textArrayOf } from './array-send.js';
import type { RollupCellQuery, RollupCellRow } from './roles/period-rollups.js';
import { boardRead } from './sql-board-read.js';
import type { SqlClient } from './sql-client.js';

// $1 installation, $2..$5 segments (index, kind, start, end), $6 dimension, $7 metrics,
// $8 / $9 metrics whose calendar / business sketch parts are wanted. Weeks and months come from
// their packs (migration 023), days from theirs (021): one row per segment (or day) and metric
// holding every slice value, summed in Node (cellsOfPacks) instead of by PostgreSQL's sort and
// ordered aggregates over one row per value (62,400 rows for the agent board). Weeks and months
// send their binary sketch parts; days send their JSON points as stored, which Node parses faster
// than PostgreSQL could re-encode them. Arrays come in binary form (array-send.ts). Every binary
// column travels as base64 text: the driver speaks the text protocol only (its binary result mode
// is not implemented), where bytea comes hex-encoded, twice its size, then decoded to a string and
// from hex; base64 is a third smaller on the wire and to decode. The periods
// are read per segment (LATERAL) through the primary key; OFFSET 0 keeps the planner from
// flattening that back into a hash join and a scan.
const PACKS = `
WITH seg AS (
  SELECT * FROM unnest($2::int[], $3::text[], $4::date[], $5::date[]) AS s(idx, kind, start_day, end_day)
)
SELECT s.idx AS "index", to_char(p.start_day, 'YYYY-MM-DD') AS at, p.metric,
  encode(array_send(p.dimension_values), 'base64') AS "values",
  encode(array_send(p.n), 'base64') AS n,
  encode(array_send(p.n_business), 'base64') AS "nBusiness",
  encode(array_send(p.sum), 'base64') AS sum,
  encode(array_send(p.sum_business), 'base64') AS "sumBusiness",
  encode(CASE WHEN p.metric = ANY($8::text[]) THEN p.calendar
    WHEN p.metric = ANY($9::text[]) THEN p.business END, 'base64') AS sketches,
  encode(array_send(CASE WHEN p.metric = ANY($8::text[]) THEN p.calendar_lengths
    WHEN p.metric = ANY($9::text[]) THEN p.business_lengths END), 'base64') AS "sketchLengths",
  NULL::jsonb AS points
FROM seg s CROSS JOIN LATERAL (SELECT * FROM kpi_period_packs p
  WHERE p.installation_id = $1 AND p.dimension = $6 AND p.metric = ANY($7::text[])
    AND p.period = s.kind AND p.start_day = s.start_day OFFSET 0) AS p
UNION ALL
SELECT s.idx, to_char(k.day, 'YYYY-MM-DD'), k.metric,
  encode(array_send(k.dimension_values), 'base64'), encode(array_send(k.n), 'base64'),
  encode(array_send(k.n_business), 'base64'), encode(array_send(k.sum), 'base64'),
  encode(array_send(k.sum_business), 'base64'), NULL, NULL,
  CASE WHEN k.metric = ANY($8::text[]) THEN k.calendar
    WHEN k.metric = ANY($9::text[]) THEN k.business END
FROM seg s JOIN kpi_day_packs k ON s.kind = 'day' AND k.installation_id = $1
  AND k.dimension = $6 AND k.metric = ANY($7::text[]) AND k.day BETWEEN s.start_day AND s.end_day`;

/** One pack read: a week's, month's or day's values of one metric, in slice value order. */
interface PackRow {
  index: number;
  at: LocalDate;
  metric: string;
  values: string[];
  n: number[];
  nBusiness: number[];
  sum: number[];
  sumBusiness: number[];
  /** A week's or month's wanted sketch parts, one per value (`sketchLengths` bytes each). */
  sketches: Uint8Array | null;
  sketchLengths: number[] | null;
  /** A day's wanted sketch points per value. */
  points: number[][] | null;
}

/** A pack as sent: its arrays in `array_send` form and its sketch parts, all in base64. */
type SentPack = Omit<PackRow, ArrayColumn | 'sketches' | 'sketchLengths'> &
  Record<ArrayColumn, string> & { sketches: string | null; sketchLengths: string | null };
type ArrayColumn = 'values' | 'n' | 'nBusiness' | 'sum' | 'sumBusiness';

/** Per range index, slice value and metric: totals and sketch parts over its segments. */
export async function readRollupCells(
  client: SqlClient,
  id: string,
  query: RollupCellQuery,
): Promise<RollupCellRow[]> {
  const { segments } = query;
  const { rows } = await boardRead(client, (tx) =>
    tx.query<SentPack>(PACKS, [
      id,
      segments.map((s) => String(s.index)),
      segments.map((s) => s.kind),
      segments.map((s) => s.start),
      segments.map((s) => s.end),
      query.dimension,
      [...query.metrics],
      [...query.calendarSketches],
      [...query.businessSketches],
    ]),
  );
  const bytes = (text: string) => Buffer.from(text, 'base64');
  // Most packs list the same slice values (every agent active that week or month): decoding each
  // value once per distinct list, not once per pack, also lets the cells' map lookups hash the
  // same strings again.
  const lists = new Map<string, string[]>();
  const valuesOf = (text: string) => {
    let values = lists.get(text);
    if (values === undefined) {
      values = textArrayOf(bytes(text));
      lists.set(text, values);
    }
    return values;
  };
  const packs = rows.map((row) => ({
    ...row,
    values: valuesOf(row.values),
    n: int4ArrayOf(bytes(row.n)),
    nBusiness: int4ArrayOf(bytes(row.nBusiness)),
    sum: float8ArrayOf(bytes(row.sum)),
    sumBusiness: float8ArrayOf(bytes(row.sumBusiness)),
    sketches: row.sketches === null ? null : bytes(row.sketches),
    sketchLengths: row.sketchLengths === null ? null : int4ArrayOf(bytes(row.sketchLengths)),
  }));
  return cellsOfPacks(packs, new Set(query.calendarSketches));
}

/**
 * Sums the packs per range, slice value and metric as the former SQL aggregates did: counts
 * added, sums added oldest segment first (the same additions in the same order, so the same
 * doubles), sketch parts listed oldest first (a range's segments never share a first day), a
 * day's points with the n of its clock. A week's or month's parts are located in the pack's own
 * bytes, one view per pack: copying each value's bytes out and concatenating them per cell was
 * as many bytes again to allocate and collect.
 */
function cellsOfPacks(rows: PackRow[], calendar: ReadonlySet<string>): RollupCellRow[] {
  const ordered = [...rows].sort((a, b) =>
    a.index !== b.index ? a.index - b.index : a.at < b.at ? -1 : a.at > b.at ? 1 : 0,
  );
  // By range and metric, then by value: one key built per pack, not per value.
  const groups = new Map<string, Map<string, RollupCellRow>>();
  const all: RollupCellRow[] = [];
  for (const row of ordered) {
    const groupKey = `${String(row.index)}\u0000${row.metric}`;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = new Map();
      groups.set(groupKey, group);
    }
    const { sketches, sketchLengths } = row;
    const view =
      sketches === null || sketchLengths === null
        ? null
        : new DataView(sketches.buffer, sketches.byteOffset, sketches.byteLength);
    let offset = 0;
    const dayN = calendar.has(row.metric) ? row.n : row.nBusiness;
    for (let i = 0; i < row.values.length; i += 1) {
      const value = row.values[i] ?? '';
      const n = row.n[i] ?? 0;
      const nBusiness = row.nBusiness[i] ?? 0;
      const sum = row.sum[i] ?? 0;
      const sumBusiness = row.sumBusiness[i] ?? 0;
      let cell = group.get(value);
      if (cell === undefined) {
        // The first addend as is: PostgreSQL's sum starts from it, not from 0.
        cell = {
          index: row.index,
          dimensionValue: value,
          metric: row.metric,
          n,
          nBusiness,
          sum,
          sumBusiness,
          parts: [],
        };
        group.set(value, cell);
        all.push(cell);
      } else {
        cell.n += n;
        cell.nBusiness += nBusiness;
        cell.sum += sum;
        cell.sumBusiness += sumBusiness;
      }
      if (view !== null) {
        const length = sketchLengths?.[i] ?? 0;
        if (length > 0) locateSketchPartsIn(view, offset, offset + length, cell.parts);
        offset += length;
      }
      const points = row.points?.[i];
      if (Array.isArray(points) && points.length > 0)
        cell.parts.push({ n: dayN[i] ?? 0, values: points, weights: null });
    }
  }
  return all;
}
