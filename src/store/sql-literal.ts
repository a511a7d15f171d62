import pg from 'pg';

/**
 * Literals for SQL that cannot take parameters (COPY's query). Every value goes through the
 * driver's quoting (doubled quotes; backslashes in E'' form), never into the text as is.
 */
export function textLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RangeError('a SQL literal cannot hold NUL');
  return pg.escapeLiteral(value);
}

/** `ARRAY[…]::type[]` of quoted texts (dates, enums and the like cast by PostgreSQL). */
export function arrayLiteral(values: readonly string[], type: 'text' | 'date'): string {
  return `ARRAY[${values.map(textLiteral).join(',')}]::${type}[]`;
}

/** `ARRAY[…]::int[]`; throws on anything but a safe integer. */
export function intArrayLiteral(values: readonly number[]): string {
  for (const v of values)
    if (!Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${v}`);
  return `ARRAY[${values.join(',')}]::int[]`;
}
