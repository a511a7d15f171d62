import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/store/migrate.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';

describe('splitStatements', () => {
  it('splits on line-end semicolons and drops whole-line comments', () => {
    const script = '-- a table\nCREATE TABLE a (x int);\nCREATE INDEX a_x\n  ON a (x);\n';
    expect(splitStatements(script)).toEqual([
      'CREATE TABLE a (x int)',
      'CREATE INDEX a_x\n  ON a (x)',
    ]);
  });

  it('keeps a function body whole, semicolons and comments included', () => {
    const body = 'BEGIN\n  -- why\n  DELETE FROM a;\n  RETURN NULL;\nEND\n$$';
    const script = `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\n${body};\nSELECT 1;`;
    expect(splitStatements(script)).toEqual([
      `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\n${body}`,
      'SELECT 1',
    ]);
  });

  it('leaves no statement of a released migration empty or cut inside a body', () => {
    for (const migration of MIGRATIONS) {
      for (const statement of splitStatements(migration.sql)) {
        expect(statement.length).toBeGreaterThan(0);
        expect((statement.match(/\$\$/g)?.length ?? 0) % 2, migration.name).toBe(0);
      }
    }
  });
});
