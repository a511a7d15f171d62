import type { SqlClient } from './sql-client.js';

/**
 * Runs one of the board's aggregate reads with settings fit for it, local to its transaction.
 * JIT off: the planner's row estimates for these reads pass the JIT cost threshold, and compiling
 * took ~210 ms of a ~4.7 s agent-board read (EXPLAIN ANALYZE) for a query that runs once. A larger
 * `work_mem`: sorting the agent board's 62,000 parts (and the backlog's 72,000 steps) for their
 * ordered aggregates spilled to disk at the default 4 MB.
 */
export function boardRead<T>(client: SqlClient, read: (tx: SqlClient) => Promise<T>): Promise<T> {
  return client.transaction(async (tx) => {
    await tx.query("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)");
    return read(tx);
  });
}
