/**
 * Readers of PostgreSQL's binary array format (`array_send`) for one-dimensional arrays without
 * NULLs, as the board's pack reads return them: the driver would otherwise parse each array's
 * text form element by element in JavaScript (a fifth of the agent board's Node CPU), while
 * this is a byte copy and a DataView walk. Layout: int32 dimensions, int32 has-nulls flag,
 * element type oid, then per dimension int32 length and lower bound; then per element an int32
 * byte length and the element's binary form (big-endian).
 */
function elementsOf(bytes: Uint8Array, read: (view: DataView, at: number, length: number) => void) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dimensions = view.getInt32(0, false);
  if (dimensions > 1) throw new Error('array_send: more than one dimension');
  const count = dimensions === 0 ? 0 : view.getInt32(12, false);
  let at = 12 + dimensions * 8;
  for (let i = 0; i < count; i += 1) {
    const length = view.getInt32(at, false);
    if (length < 0) throw new Error('array_send: NULL element');
    read(view, at + 4, length);
    at += 4 + length;
  }
}

export function int4ArrayOf(bytes: Uint8Array): number[] {
  const out: number[] = [];
  elementsOf(bytes, (view, at) => out.push(view.getInt32(at, false)));
  return out;
}

export function float8ArrayOf(bytes: Uint8Array): number[] {
  const out: number[] = [];
  elementsOf(bytes, (view, at) => out.push(view.getFloat64(at, false)));
  return out;
}

const UTF8 = new TextDecoder();

export function textArrayOf(bytes: Uint8Array): string[] {
  const out: string[] = [];
  elementsOf(bytes, (_view, at, length) => out.push(UTF8.decode(bytes.subarray(at, at + length))));
  return out;
}
