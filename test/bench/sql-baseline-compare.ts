import { createInterface } from 'node:readline';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** The compared metrics, in the column order of `sql_metrics` after ticket_id. */
export const METRICS = [
  'first_reply',
  'first_resolution',
  'full_resolution',
  'requester_wait',
  'reopens',
] as const;
export type Metric = (typeof METRICS)[number];

/** The engine's values by ticket index: calendar seconds (NaN = null), reopens as a count. */
export type EngineValues = Record<Metric, Float64Array>;

/**
 * Streams the SQL result (COPY TO, in ticket order) and compares every ticket's five values with
 * the engine's, exactly: the SQL's integer milliseconds ÷ 1000 are the same double the engine
 * computes from the same integer instants. Returns mismatch counts per metric and a few examples.
 */
export async function compareWithSql(
  client: pg.Client,
  schema: string,
  engine: EngineValues,
): Promise<{ mismatches: Record<Metric, number>; examples: string[]; rows: number }> {
  const mismatches = Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>;
  const examples: string[] = [];
  const seen = new Uint8Array(engine.reopens.length);
  let rows = 0;
  const stream = client.query(
    copyTo(
      `COPY (SELECT ticket_id, first_reply_ms, first_resolution_ms, full_resolution_ms,
                    requester_wait_ms, reopens FROM ${schema}.sql_metrics) TO STDOUT`,
    ),
  );
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    const fields = line.split('\t');
    const index = Number(fields[0]);
    seen[index] = 1;
    rows += 1;
    METRICS.forEach((metric, i) => {
      const raw = fields[i + 1] ?? '\\N';
      const sql = raw === '\\N' ? NaN : metric === 'reopens' ? Number(raw) : Number(raw) / 1000;
      const mine = engine[metric][index] ?? NaN;
      if (Object.is(sql, mine)) return;
      mismatches[metric] += 1;
      if (examples.length < 10) {
        examples.push(`ticket ${String(index)} ${metric}: engine ${String(mine)}, sql ${raw}`);
      }
    });
  }
  // A ticket missing from the SQL result is a mismatch on every metric.
  const missing = seen.length - seen.reduce((n, s) => n + s, 0);
  for (const metric of METRICS) mismatches[metric] += missing;
  return { mismatches, examples, rows };
}
