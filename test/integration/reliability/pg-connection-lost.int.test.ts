import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgClient, type SqlClient } from '../../../src/store/sql-client.js';
import {
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../../support/throwaway-services.js';

/**
 * Found by the chaos test: PostgreSQL restarted while a worker held a connection in a
 * transaction made `pg` emit 'error' on that checked-out connection, which nothing listened to,
 * and the worker process died of an uncaught exception. The transaction must fail (the job is
 * retried) and the process live on.
 */
describe('a PostgreSQL restart during a transaction', () => {
  let postgres: ThrowawayPostgres;
  let client: SqlClient;

  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    client = createPgClient(postgres.url);
  }, 60_000);

  afterAll(async () => {
    await client.close().catch(() => undefined);
    await postgres.dispose();
  }, 60_000);

  it('rejects the transaction without an uncaught error, and the client works afterwards', async () => {
    const transaction = client.transaction(async (tx) => {
      await tx.query('SELECT 1');
      // The server goes away while this connection is checked out and idle in the transaction.
      await postgres.stop();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await tx.query('SELECT 1');
    });
    await expect(transaction).rejects.toThrow();
    await postgres.start();
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  }, 60_000);
});
