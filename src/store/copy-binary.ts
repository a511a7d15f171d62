/**
 * Reader of PostgreSQL's binary COPY format (`COPY … TO … (FORMAT binary)`): an 11-byte
 * signature, int32 flags, an int32-length header extension, then per row an int16 field count
 * and per field an int32 byte length (-1 for NULL) and the value's binary form (its type's
 * `send` output, big-endian); an int16 of -1 ends the data. Fields are views into the bytes,
 * not copies.
 */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
/** Flag bit 16: every row starts with an OID field (tables WITH OIDS; never asked for here). */
const HAS_OIDS = 1 << 16;

/** Each row's fields in column order: the value's bytes, or null. */
export function copyRows(bytes: Uint8Array): (Uint8Array | null)[][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, length: number) => {
    if (at + length > bytes.byteLength) throw new Error('binary COPY data is truncated');
  };
  need(0, SIGNATURE.length + 8);
  if (SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('not binary COPY data');
  if ((view.getInt32(11, false) & HAS_OIDS) !== 0) throw new Error('binary COPY with OIDs');
  let at = SIGNATURE.length + 8 + view.getInt32(15, false);
  const rows: (Uint8Array | null)[][] = [];
  for (;;) {
    need(at, 2);
    const count = view.getInt16(at, false);
    at += 2;
    if (count === -1) return rows;
    const fields: (Uint8Array | null)[] = [];
    for (let i = 0; i < count; i += 1) {
      need(at, 4);
      const length = view.getInt32(at, false);
      at += 4;
      if (length === -1) {
        fields.push(null);
        continue;
      }
      need(at, length);
      fields.push(bytes.subarray(at, at + length));
      at += length;
    }
    rows.push(fields);
  }
}

/** A binary int4 field. */
export function int4Of(field: Uint8Array): number {
  return new DataView(field.buffer, field.byteOffset, field.byteLength).getInt32(0, false);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A binary text field (its UTF-8 bytes). */
export function textOf(field: Uint8Array): string {
  return UTF8.decode(field);
}

/** A binary jsonb field: a format version byte (1), then the JSON text. */
export function jsonbOf(field: Uint8Array): unknown {
  if (field[0] !== 1) throw new Error(`jsonb binary format ${String(field[0])} is not known`);
  return JSON.parse(UTF8.decode(field.subarray(1)));
}
