import type { LocalDate } from '../domain/index.js';
import { locateSketchPartsIn } from '../metrics/sketch-parts.js';
import { float8ArrayOf, int4ArrayOf, textArrayOf } from './array-send.js';
import { copyRows, int4Of, jsonbOf, textOf } from './copy-binary.js';
import type { RollupCellQuery, RollupCellRow } from './roles/period-rollups.js';
import { boardRead } from './sql-board-read.js';
import type { SqlClient } from './sql-client.js';
import { arrayLiteral, intArrayLiteral, textLiteral } from './sql-literal.js';

// Weeks and months come from their packs (migration 023), days from theirs (021): one row per
// segment (or day) and metric holding every slice value, summed in Node (cellsOfPacks) instead of
// by PostgreSQL's sort and ordered aggregates over one row per value (62,400 rows for the agent
// board). Weeks and months send their binary sketch parts; days send their JSON points as stored,
// which Node parses faster than PostgreSQL could re-encode them. The rows come by binary COPY
// (copy-binary.ts): the agent board moves ~18 MB of sketch parts, which the text protocol sent
// as base64 (PostgreSQL encoding it, the driver decoding each row to a string, then from base64:
// a third of that board's Node CPU with the garbage), where COPY sends the bytes as stored and
// the arrays in their binary form. COPY takes no parameters, so the values are inlined as quoted
// literals (sql-literal.ts). The periods are read per segment (LATERAL) through the primary key;
// OFFSET 0 keeps the planner from flattening that back into a hash join and a scan.
function packsSql(id: string, query: RollupCellQuery): string {
  const { segments } = query;
  const installation = textLiteral(id);
  const dimension = textLiteral(query.dimension);
  const metrics = arrayLiteral([...query.metrics], 'text');
  const calendar = arrayLiteral([...query.calendarSketches], 'text');
  const business = arrayLiteral([...query.businessSketches], 'text');
  const column = (key: 'kind' | 'start' | 'end') => segments.map((s) => s[key]);
  const indexes = intArrayLiteral(segments.map((s) => s.index));
  const kinds = arrayLiteral(column('kind'), 'text');
  const starts = arrayLiteral(column('start'), 'date');
  const ends = arrayLiteral(column('end'), 'date');
  return `
WITH seg AS (
  SELECT * FROM unnest(${indexes}, ${kinds}, ${starts}, ${ends}) AS s(idx, kind, start_day, end_day)
)
SELECT s.idx::int4, to_char(p.start_day, 'YYYY-MM-DD'), p.metric, p.dimension_values, p.n,
  p.n_business, p.sum, p.sum_business,
  CASE WHEN p.metric = ANY(${calendar}) THEN p.calendar
    WHEN p.metric = ANY(${business}) THEN p.business END,
  CASE WHEN p.metric = ANY(${calendar}) THEN p.calendar_lengths
    WHEN p.metric = ANY(${business}) THEN p.business_lengths END,
  NULL::jsonb
FROM seg s CROSS JOIN LATERAL (SELECT * FROM kpi_period_packs p
  WHERE p.installation_id = ${installation} AND p.dimension = ${dimension}
    AND p.metric = ANY(${metrics}) AND p.period = s.kind AND p.start_day = s.start_day
  OFFSET 0) AS p
UNION ALL
SELECT s.idx::int4, to_char(k.day, 'YYYY-MM-DD'), k.metric, k.dimension_values, k.n,
  k.n_business, k.sum, k.sum_business, NULL, NULL,
  CASE WHEN k.metric = ANY(${calendar}) THEN k.calendar
    WHEN k.metric = ANY(${business}) THEN k.business END
FROM seg s JOIN kpi_day_packs k ON s.kind = 'day' AND k.installation_id = ${installation}
  AND k.dimension = ${dimension} AND k.metric = ANY(${metrics})
  AND k.day BETWEEN s.start_day AND s.end_day`;
}

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

/** Per range index, slice value and metric: totals and sketch parts over its segments. */
export async function readRollupCells(
  client: SqlClient,
  id: string,
  query: RollupCellQuery,
): Promise<RollupCellRow[]> {
  const bytes = await boardRead(client, (tx) => tx.copyOut(packsSql(id, query)));
  // Most packs list the same slice values (every agent active that week or month): decoding each
  // value once per distinct list, not once per pack, also lets the cells' map lookups hash the
  // same strings again.
  const lists = new Map<string, string[]>();
  const valuesOf = (field: Uint8Array) => {
    const key = Buffer.from(field.buffer, field.byteOffset, field.byteLength).toString('latin1');
    let values = lists.get(key);
    if (values === undefined) {
      values = textArrayOf(field);
      lists.set(key, values);
    }
    return values;
  };
  const packs = copyRows(bytes).map((fields): PackRow => {
    const at = (i: number) => {
      const field = fields[i];
      if (field == null) throw new Error(`board pack column ${String(i)} is NULL`);
      return field;
    };
    const lengths = fields[9] ?? null;
    const points = fields[10] ?? null;
    return {
      index: int4Of(at(0)),
      at: textOf(at(1)),
      metric: textOf(at(2)),
      values: valuesOf(at(3)),
      n: int4ArrayOf(at(4)),
      nBusiness: int4ArrayOf(at(5)),
      sum: float8ArrayOf(at(6)),
      sumBusiness: float8ArrayOf(at(7)),
      sketches: fields[8] ?? null,
      sketchLengths: lengths === null ? null : int4ArrayOf(lengths),
      points: points === null ? null : (jsonbOf(points) as number[][]),
    };
  });
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
