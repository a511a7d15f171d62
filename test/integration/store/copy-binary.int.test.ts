import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float8ArrayOf, int4ArrayOf, textArrayOf } from '../../../src/store/array-send.js';
import { copyRows, int4Of, jsonbOf, textOf } from '../../../src/store/copy-binary.js';
import { StoreError } from '../../../src/store/errors.js';
import { arrayLiteral, intArrayLiteral, textLiteral } from '../../../src/store/sql-literal.js';
import { DATABASES, type TestDatabase } from './support.js';

// Texts a literal must carry through unchanged: quotes, backslashes (E'' form), a dollar quote,
// multi-byte characters, an injection attempt.
const AWKWARD = ['', "it's", 'back\\slash', "\\'; DROP TABLE x; --", '$$q$$', 'é😀', ' sp '];
const BYTES = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
const HEX = Buffer.from(BYTES).toString('hex');

/**
 * `copyOut` and the binary COPY reader against the driver's own parse of the same SELECT (the
 * text protocol), on awkward values of every type the board's read returns, NULLs and empty
 * arrays included; the literals (sql-literal.ts) against PostgreSQL's own reading of them.
 */
describe.each(DATABASES)('binary COPY on %s', (_name, open) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await open();
  });

  afterAll(async () => {
    await db.dispose();
  });

  const SELECT = `SELECT i, t, b, ints, floats, texts, j FROM (VALUES
    (1, '-2147483648'::int4, ${textLiteral(AWKWARD[3] ?? '')}, '\\x${HEX}'::bytea,
      '{0,-1,2147483647}'::int4[], ARRAY[(1.0 / 3)::float8, '-0'::float8, 1e-300::float8],
      ${arrayLiteral(AWKWARD, 'text')}, '{"a":[1,2.5,null],"é":"x"}'::jsonb),
    (2, 0, '', ''::bytea, '{}'::int4[], '{}'::float8[], '{}'::text[], '[[1,2],[]]'::jsonb),
    (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)) AS v(k, i, t, b, ints, floats, texts, j)
    ORDER BY k`;

  it('reads every type as the driver parses its text form', async () => {
    const expected = (await db.client.query<Record<string, unknown>>(SELECT)).rows;
    const rows = copyRows(await db.client.copyOut(SELECT));
    expect(rows).toHaveLength(3);
    const decoded = rows.map((fields) => {
      const [i, t, b, ints, floats, texts, j] = fields;
      return {
        i: i == null ? null : int4Of(i),
        t: t == null ? null : textOf(t),
        b: b == null ? null : Buffer.from(b),
        ints: ints == null ? null : int4ArrayOf(ints),
        floats: floats == null ? null : float8ArrayOf(floats),
        texts: texts == null ? null : textArrayOf(texts),
        j: j == null ? null : jsonbOf(j),
      };
    });
    expect(decoded).toEqual(
      // pg gives bytea as a Buffer, PGlite as a Uint8Array: compared as Buffers.
      expected.map(({ b, ...row }) => ({
        ...row,
        b: b == null ? null : Buffer.from(b as Uint8Array),
      })),
    );
    expect(Object.is(decoded[0]?.floats?.[1], -0)).toBe(true);
    expect(decoded[0]?.b).toEqual(Buffer.from(BYTES));
  });

  it('reads no rows, inside and outside a transaction', async () => {
    const none = 'SELECT 1 WHERE false';
    expect(copyRows(await db.client.copyOut(none))).toEqual([]);
    const inTx = await db.client.transaction((tx) => tx.copyOut('SELECT 7::int4'));
    expect(copyRows(inTx).map((row) => int4Of(row[0] ?? new Uint8Array(4)))).toEqual([7]);
  });

  it('rejects a failing COPY with a StoreError and the client goes on', async () => {
    await expect(db.client.copyOut('SELECT 1 / 0')).rejects.toBeInstanceOf(StoreError);
    await expect(
      db.client.transaction((tx) => tx.copyOut('SELECT 1 / (random() * 0)::int')),
    ).rejects.toBeInstanceOf(StoreError);
    const { rows } = await db.client.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    expect(copyRows(await db.client.copyOut('SELECT 2::int4')).length).toBe(1);
  });

  it('rejects, and the process goes on, when the server ends the connection mid-COPY', async () => {
    const other = db.openAnother?.();
    if (other === undefined) return; // PGlite: one connection in process, nothing to end
    const slow = `SELECT pg_backend_pid(), pg_sleep(0.05) FROM generate_series(1, 200)`;
    const copying = db.client.copyOut(slow);
    const rejected = expect(copying).rejects.toBeInstanceOf(StoreError);
    await expect
      .poll(async () => {
        const { rows } = await other.query<{ ended: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
           WHERE query LIKE 'COPY (SELECT pg_backend_pid(), pg_sleep%' AND pid <> pg_backend_pid()`,
        );
        return rows.some((r) => r.ended);
      })
      .toBe(true);
    await rejected;
    const { rows } = await db.client.query<{ one: number }>('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('quotes literals that PostgreSQL reads back unchanged', async () => {
    const texts = AWKWARD.map((t, i) => `${textLiteral(t)} AS t${String(i)}`).join(', ');
    const { rows } = await db.client.query<Record<string, string>>(`SELECT ${texts}`);
    expect(Object.values(rows[0] ?? {})).toEqual(AWKWARD);
    const { rows: arrays } = await db.client.query<{ t: string[]; d: string; i: number[] }>(
      `SELECT ${arrayLiteral(AWKWARD, 'text')} AS t,
        (${arrayLiteral(['2024-02-29'], 'date')})[1]::text AS d,
        ${intArrayLiteral([-3, 0, 2147483647])} AS i`,
    );
    expect(arrays[0]).toEqual({ t: AWKWARD, d: '2024-02-29', i: [-3, 0, 2147483647] });
  });
});

describe('binary COPY reader and literals, bad input', () => {
  const header = [...Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), 0, 0, 0, 0, 0, 0, 0, 0];
  const trailer = [0xff, 0xff];

  it('reads a hand-built stream: one row of an int4 and a NULL', () => {
    const row = [0, 2, 0, 0, 0, 4, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff];
    const rows = copyRows(Uint8Array.from([...header, ...row, ...trailer]));
    expect(rows.map((r) => [int4Of(r[0] ?? new Uint8Array(4)), r[1]])).toEqual([[256, null]]);
  });

  it.each([
    ['no signature', Uint8Array.from([1, 2, 3]), 'truncated'],
    [
      'another signature',
      Uint8Array.from([...header].map((b, i) => (i === 0 ? 0 : b))),
      'not binary COPY',
    ],
    ['no trailer', Uint8Array.from(header), 'truncated'],
    ['a field past the end', Uint8Array.from([...header, 0, 1, 0, 0, 0, 9, 1]), 'truncated'],
    ['OIDs', Uint8Array.from(header.map((b, i) => (i === 12 ? 1 : b))), 'OIDs'],
  ])('throws on %s', (_label, bytes, message) => {
    expect(() => copyRows(bytes)).toThrow(message);
  });

  it('refuses what a literal cannot carry', () => {
    expect(() => textLiteral('a\u0000b')).toThrow(RangeError);
    expect(() => intArrayLiteral([1.5])).toThrow(RangeError);
    expect(() => intArrayLiteral([Number.MAX_SAFE_INTEGER + 1])).toThrow(RangeError);
    expect(() => jsonbOf(Uint8Array.from([2, 0x31]))).toThrow('jsonb binary format 2');
  });
});
