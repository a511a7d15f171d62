export * from './store.js';
export { openStore } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export { createSqlStore } from './sql-store.js';
export { createPgClient, createPgliteClient } from './sql-client.js';
export type { SqlClient, SqlParam, PgClientOptions, PgliteClientOptions } from './sql-client.js';
export { migrate, appliedMigrations } from './migrate.js';
export type { MigrationReport } from './migrate.js';
export { StoreError } from './errors.js';
