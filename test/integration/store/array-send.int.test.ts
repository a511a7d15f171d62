import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float8ArrayOf, int4ArrayOf, textArrayOf } from '../../../src/store/array-send.js';
import { DATABASES, type TestDatabase } from './support.js';

/**
 * The binary array readers against the driver's own parse of the same arrays' text form, on
 * awkward elements: negative and extreme numbers, the shortest and longest doubles, text with
 * the array syntax's quotes, braces and commas, multi-byte characters, and empty arrays.
 */
describe.each(DATABASES)('array_send readers on %s', (_name, open) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await open();
  });

  afterAll(async () => {
    await db.dispose();
  });

  const both = async (literal: string, type: string) => {
    const { rows } = await db.client.query<{ sent: Uint8Array; parsed: unknown[] }>(
      `SELECT array_send(${literal}::${type}[]) AS sent, ${literal}::${type}[] AS parsed`,
    );
    const [row] = rows;
    if (row === undefined) throw new Error('no row');
    return row;
  };

  it.each(["'{0,-1,2147483647,-2147483648,42}'", "'{}'"])(
    'reads int4 %s as the text form',
    async (literal) => {
      const { sent, parsed } = await both(literal, 'int4');
      expect(int4ArrayOf(sent)).toEqual(parsed);
    },
  );

  it.each([
    "'{0,-0.5,1e-300,1.7976931348623157e308,0.1,2.220446049250313e-16,123456.789}'",
    'ARRAY[1.0/3, 2.0/3, 1e15 + 0.3]::float8[]',
    "'{}'",
  ])('reads float8 %s as the text form, bit for bit', async (literal) => {
    const { sent, parsed } = await both(literal, 'float8');
    expect(float8ArrayOf(sent)).toEqual(parsed);
  });

  it.each([`'{"", "a,b", "q\\"uote", "{br}", "é😀", "back\\\\slash", " sp "}'`, "'{}'"])(
    'reads text %s as the text form',
    async (literal) => {
      const { sent, parsed } = await both(literal, 'text');
      expect(textArrayOf(sent)).toEqual(parsed);
    },
  );
});
