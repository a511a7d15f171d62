import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The machine's real PostgreSQL; a missing server fails the suite, it is never skipped. */
export const DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema of one test's own on the shared PostgreSQL. */
export interface TestSchema {
  /** Known at once, so configurations (`DATABASE_SCHEMA`) can be built before `create()`. */
  readonly name: string;
  create(): Promise<void>;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * The one way tests get a database of their own: every test on the shared server works in a
 * fresh schema, so parallel test files and earlier runs never see each other's rows.
 */
export function testSchema(databaseUrl: string = DATABASE_URL): TestSchema {
  const name = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const run = async (sql: string): Promise<void> => {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  return {
    name,
    create: () => run(`CREATE SCHEMA ${name}`),
    drop: () => run(`DROP SCHEMA ${name} CASCADE`),
  };
}
