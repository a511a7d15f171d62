import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrations, migrate } from '../../../src/store/migrate.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import type { TestDatabase } from './support.js';
import { DATABASES } from './support.js';

// The list is append-only and migrate applies it in version order.
const ALL_VERSIONS = MIGRATIONS.map((m) => m.version).sort((a, b) => a - b);

describe.each(DATABASES)('migrations on %s', (_name, open) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await open();
  });

  afterAll(async () => {
    await db.dispose();
  });

  it('applies every migration once, recorded in schema_migrations', async () => {
    expect(await migrate(db.client)).toEqual({ applied: ALL_VERSIONS });
    expect(await appliedMigrations(db.client)).toEqual(ALL_VERSIONS);
    const { rows } = await db.client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'tickets' AND table_schema = current_schema()",
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('is a no-op on a second start', async () => {
    expect(await migrate(db.client)).toEqual({ applied: [] });
    expect(await appliedMigrations(db.client)).toEqual(ALL_VERSIONS);
  });

  it('applies a later migration only, and rolls back a failing one entirely', async () => {
    const next = { version: 999, name: 'probe', sql: 'CREATE TABLE probe (x int);\n' };
    expect(await migrate(db.client, [...MIGRATIONS, next])).toEqual({ applied: [999] });
    const broken = {
      version: 1000,
      name: 'broken',
      sql: 'CREATE TABLE half_done (x int);\nSELECT no_such_function();\n',
    };
    await expect(migrate(db.client, [...MIGRATIONS, next, broken])).rejects.toThrow();
    expect(await appliedMigrations(db.client)).toEqual([...ALL_VERSIONS, 999]);
    const { rows } = await db.client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done' AND table_schema = current_schema()",
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('migrations on postgres, two processes', () => {
  it('serialises two processes migrating the same schema at once', async () => {
    const [, openPostgres] = DATABASES[0] ?? [];
    if (openPostgres === undefined) throw new Error('postgres is the first database');
    const db = await openPostgres();
    try {
      const other = db.openAnother?.();
      if (other === undefined) throw new Error('postgres opens a second client');
      const reports = await Promise.all([migrate(db.client), migrate(other)]);
      const applied = reports.flatMap((r) => r.applied).sort((a, b) => a - b);
      expect(applied).toEqual(ALL_VERSIONS);
      expect(await appliedMigrations(db.client)).toEqual(ALL_VERSIONS);
    } finally {
      await db.dispose();
    }
  });
});
