import { expect } from 'vitest';
import type { SqlClient } from '../../src/store/sql-client.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import type { TicketStore } from '../../src/store/store.js';

/** One statement a store method sent, and the plan PostgreSQL ran it with. */
export interface ExplainedStatement {
  sql: string;
  /** The node that handled the most rows (returned or filtered out, over all its loops). */
  busiest: { node: string; rows: number };
  /**
   * The scan that read the most pages. Rows an index scan skips inside the index (a condition on
   * a later key column) are in no row count, only in the pages it reads.
   */
  widestScan: { node: string; pages: number };
}

/**
 * A client that runs every statement twice: first under EXPLAIN ANALYZE in a savepoint that is
 * rolled back (its plan recorded in `explained`), then for real. So a test reads the plans of the
 * very statements a store method sends, with the parameters it sends, whatever it does with the
 * rows in between.
 */
export function explainingClient(client: SqlClient, explained: ExplainedStatement[]): SqlClient {
  const explain = async (
    tx: SqlClient,
    text: string,
    params?: Parameters<SqlClient['query']>[1],
  ) => {
    await tx.query('SAVEPOINT explaining');
    const { rows } = await tx.query<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
      params,
    );
    await tx.query('ROLLBACK TO SAVEPOINT explaining');
    const plan = rows[0]?.['QUERY PLAN'];
    const parsed: unknown = typeof plan === 'string' ? JSON.parse(plan) : plan;
    explained.push({ sql: text, busiest: busiestNode(parsed), widestScan: widestScan(parsed) });
  };
  const wrap = (c: SqlClient, inTransaction: boolean): SqlClient => {
    // In the caller's transaction when there is one, else in one of its own for the savepoint.
    const within = <T>(run: (tx: SqlClient) => Promise<T>) =>
      inTransaction ? run(c) : c.transaction(run);
    return {
      kind: c.kind,
      close: () => c.close(),
      transaction: (fn) => c.transaction((tx) => fn(wrap(tx, true))),
      query: (text, params, options) =>
        within(async (tx) => {
          await explain(tx, text, params);
          return tx.query<never>(text, params, options);
        }),
      // A COPY's query is explained as itself: COPY runs the same plan.
      copyOut: (select) =>
        within(async (tx) => {
          await explain(tx, select);
          return tx.copyOut(select);
        }),
    };
  };
  return wrap(client, false);
}

/**
 * A store on `client()` whose statements are explained, and the check that every statement it
 * sent since the last check kept each plan node within `rows` returned or discarded and each scan
 * within `pages` (no page bound by default).
 */
export function boundedPlans(
  client: () => SqlClient,
  rows: number,
): { store: () => TicketStore; expectBounded: (pages?: number) => void } {
  const explained: ExplainedStatement[] = [];
  return {
    store: () => createSqlStore(explainingClient(client(), explained)),
    expectBounded: (pages = Infinity) => {
      const sent = explained.splice(0);
      expect(sent.length).toBeGreaterThan(0);
      for (const { sql, busiest, widestScan } of sent) {
        expect(busiest.rows, `${busiest.node} in ${sql}`).toBeLessThanOrEqual(rows);
        expect(widestScan.pages, `${widestScan.node} in ${sql}`).toBeLessThanOrEqual(pages);
      }
    },
  };
}

const COUNTED = ['Actual Rows', 'Rows Removed by Filter', 'Rows Removed by Join Filter'];
const PAGES = ['Shared Hit Blocks', 'Shared Read Blocks'];

/** The plan node that returned or discarded the most rows, counting every loop. */
export function busiestNode(plan: unknown): { node: string; rows: number } {
  const { node, value } = largest(plan, (n) => total(n, COUNTED) * Number(n['Actual Loops'] ?? 1));
  return { node, rows: value };
}

/** The scan node that read the most pages (shared buffers hit or read, over all its loops). */
export function widestScan(plan: unknown): { node: string; pages: number } {
  const { node, value } = largest(plan, (n) =>
    String(n['Node Type']).endsWith('Scan') ? total(n, PAGES) : 0,
  );
  return { node, pages: value };
}

function total(node: Record<string, unknown>, keys: readonly string[]): number {
  return keys.reduce((sum, key) => sum + Number(node[key] ?? 0), 0);
}

function largest(
  plan: unknown,
  measure: (node: Record<string, unknown>) => number,
): { node: string; value: number } {
  let found = { node: '(none)', value: 0 };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    if (typeof node['Node Type'] === 'string') {
      const measured = measure(node);
      const on = typeof node['Relation Name'] === 'string' ? ` on ${node['Relation Name']}` : '';
      if (measured > found.value) found = { node: `${node['Node Type']}${on}`, value: measured };
    }
    Object.values(node).forEach(visit);
  };
  visit(plan);
  return found;
}
