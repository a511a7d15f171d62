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
  /** Runs one statement on its own connection (tests that check tables directly). */
  rows<T extends pg.QueryResultRow>(sql: string): Promise<T[]>;
}

/**
 * The one way tests get a database of their own: every test on the shared server works in a
 * fresh schema, so parallel test files and earlier runs never see each other's rows.
 */
export function testSchema(databaseUrl: string = DATABASE_URL): TestSchema {
  const name = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const rows = async <T extends pg.QueryResultRow>(sql: string): Promise<T[]> => {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      return (await admin.query<T>(sql)).rows;
    } finally {
      await admin.end();
    }
  };
  return {
    name,
    create: async () => {
      await rows(`CREATE SCHEMA ${name}`);
    },
    drop: async () => {
      await rows(`DROP SCHEMA ${name} CASCADE`);
    },
    rows,
  };
}
