import type { SqlClient } from './sql-client.js';
import type { Migration } from './migrations/index.js';
import { MIGRATIONS } from './migrations/index.js';

/** What {@link migrate} did: the versions it applied now (empty when the schema was current). */
export interface MigrationReport {
  applied: number[];
}

/**
 * Serialises migrators of the same schema across processes. A transaction-level advisory lock is
 * released by COMMIT/ROLLBACK, so a crashed migrator can never leave it held. PGlite is a single
 * connection in a single process, so there is nobody to race and the lock is skipped.
 */
async function lockSchema(tx: SqlClient): Promise<void> {
  if (tx.kind === 'pglite') return;
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtext('deskpulse.migrate.' || current_schema()))`,
  );
}

/**
 * Applies pending migrations in version order, each in its own transaction together with its row
 * in `schema_migrations`. Idempotent: a second run, or a second process racing this one, finds the
 * versions recorded (after waiting for the lock) and applies nothing.
 */
export async function migrate(
  client: SqlClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  await client.transaction(async (tx) => {
    // Two processes creating the table at once would collide in the catalog without the lock.
    await lockSchema(tx);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });

  const applied: number[] = [];
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  for (const migration of ordered) {
    const didApply = await client.transaction(async (tx) => {
      await lockSchema(tx);
      const { rows } = await tx.query<{ version: number }>(
        'SELECT version FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (rows.length > 0) return false;
      await runScript(tx, migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return { applied };
}

/** Lists the versions recorded in `schema_migrations`, oldest first. */
export async function appliedMigrations(client: SqlClient): Promise<number[]> {
  const { rows } = await client.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  return rows.map((row) => row.version);
}

/**
 * Runs a multi-statement script. Statements are split on `;` at line ends because the extended
 * query protocol both drivers use for parameters accepts one statement per call; migration SQL
 * therefore keeps each statement's `;` at the end of a line and none inside literals. Function
 * bodies in `$$ … $$` are the exception: their own `;` stay inside the statement.
 */
async function runScript(tx: SqlClient, script: string): Promise<void> {
  for (const statement of splitStatements(script)) {
    await tx.query(statement);
  }
}

/** The statements of a migration script, whole-line comments removed. */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of script.split('\n')) {
    if (/^\s*--/.test(line) && !inBody) continue;
    current.push(line);
    // An odd number of `$$` on a line opens or closes a function body.
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      statements.push(current.join('\n').replace(/;\s*$/, '').trim());
      current = [];
    }
  }
  statements.push(current.join('\n').trim());
  return statements.filter((statement) => statement.length > 0);
}
