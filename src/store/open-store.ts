import type { SqlClient } from './sql-client.js';
import { createPgClient, createPgliteClient } from './sql-client.js';
import { migrate } from './migrate.js';
import { createSqlStore } from './sql-store.js';
import type { TicketStore } from './store.js';

/** Where the data lives: a PostgreSQL server when `databaseUrl` is set, else embedded PGlite. */
export interface OpenStoreOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory (e.g. `./data`); in memory when undefined. */
  dataDir?: string | undefined;
  /** PostgreSQL schema to use instead of the connection's default. */
  schema?: string | undefined;
}

/**
 * Opens the store for a composition root: picks the adapter, applies pending migrations (safe
 * when several processes start together) and hands back a {@link TicketStore} that owns the client.
 */
export async function openStore(options: OpenStoreOptions): Promise<TicketStore> {
  const client: SqlClient =
    options.databaseUrl === undefined || options.databaseUrl === ''
      ? await createPgliteClient(options.dataDir === undefined ? {} : { dataDir: options.dataDir })
      : createPgClient(
          options.databaseUrl,
          options.schema === undefined ? {} : { schema: options.schema },
        );
  try {
    await migrate(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return createSqlStore(client);
}
