import type { SqlClient } from '../../src/store/sql-client.js';

/** One statement a store method sent, and the plan PostgreSQL ran it with. */
export interface ExplainedStatement {
  sql: string;
  /** The node that handled the most rows (returned or filtered out, over all its loops). */
  busiest: { node: string; rows: number };
}

/**
 * A client that runs every statement twice: first under EXPLAIN ANALYZE in a savepoint that is
 * rolled back (its plan recorded in `explained`), then for real. So a test reads the plans of the
 * very statements a store method sends, with the parameters it sends, whatever it does with the
 * rows in between.
 */
export function explainingClient(client: SqlClient, explained: ExplainedStatement[]): SqlClient {
  const wrap = (c: SqlClient, inTransaction: boolean): SqlClient => ({
    kind: c.kind,
    close: () => c.close(),
    transaction: (fn) => c.transaction((tx) => fn(wrap(tx, true))),
    query: async (text, params, options) => {
      const both = async (tx: SqlClient) => {
        await tx.query('SAVEPOINT explaining');
        const { rows } = await tx.query<{ 'QUERY PLAN': unknown }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
          params,
        );
        await tx.query('ROLLBACK TO SAVEPOINT explaining');
        const plan = rows[0]?.['QUERY PLAN'];
        explained.push({
          sql: text,
          busiest: busiestNode(typeof plan === 'string' ? JSON.parse(plan) : plan),
        });
        return tx.query<never>(text, params, options);
      };
      return inTransaction ? both(c) : c.transaction(both);
    },
  });
  return wrap(client, false);
}

const COUNTED = ['Actual Rows', 'Rows Removed by Filter', 'Rows Removed by Join Filter'];

/** The plan node that returned or discarded the most rows, counting every loop. */
export function busiestNode(plan: unknown): { node: string; rows: number } {
  let busiest = { node: '(none)', rows: 0 };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    if (typeof node['Node Type'] === 'string') {
      const perLoop = COUNTED.reduce((sum, key) => sum + Number(node[key] ?? 0), 0);
      const rows = perLoop * Number(node['Actual Loops'] ?? 1);
      const name = `${node['Node Type']}${typeof node['Relation Name'] === 'string' ? ` on ${node['Relation Name']}` : ''}`;
      if (rows > busiest.rows) busiest = { node: name, rows };
    }
    Object.values(node).forEach(visit);
  };
  visit(plan);
  return busiest;
}
