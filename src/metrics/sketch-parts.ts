import type { SketchPart } from './sketch.js';

/**
 * Binary form of {@link SketchPart}s, as weekly and monthly rollups store them and as the board's
 * read returns a cell's parts concatenated (PostgreSQL builds the same layout for daily rows with
 * `int4send`/`float8send`, hence big-endian). Per part: int32 point count m, int32 mode (0: no
 * weights, each point stands for n / m values; 1: m weights follow the values), float64 n, m
 * float64 values, then m float64 weights in mode 1. A JSON sketch costs PostgreSQL a text
 * rendering and Node a parse per number; this is copied as bytes and read with a DataView.
 */
const HEADER_BYTES = 16;

export function encodeSketchPart(part: SketchPart): Buffer {
  const m = part.values.length;
  if (m === 0) return Buffer.alloc(0);
  const weighted = part.weights !== null;
  const out = Buffer.alloc(HEADER_BYTES + m * 8 * (weighted ? 2 : 1));
  out.writeInt32BE(m, 0);
  out.writeInt32BE(weighted ? 1 : 0, 4);
  out.writeDoubleBE(part.n, 8);
  for (let i = 0; i < m; i += 1) out.writeDoubleBE(part.values[i] ?? 0, HEADER_BYTES + i * 8);
  if (part.weights !== null) {
    const base = HEADER_BYTES + m * 8;
    for (let i = 0; i < m; i += 1) out.writeDoubleBE(part.weights[i] ?? 0, base + i * 8);
  }
  return out;
}

/**
 * One encoded part found in a concatenation but not decoded: its header, and the view and offset
 * its values start at (its weights follow them when `weighted`). The board merges thousands of
 * cells of ~15 parts each; decoding each part into arrays of its own only to copy them into the
 * merge was about as much garbage as the sketch bytes themselves.
 */
export interface LocatedPart {
  n: number;
  /** Point count. */
  m: number;
  weighted: boolean;
  view: DataView;
  at: number;
}

/** Every part of a concatenation of encoded parts, in order; throws on a truncated buffer. */
export function locateSketchParts(bytes: Uint8Array): LocatedPart[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: LocatedPart[] = [];
  locateSketchPartsIn(view, 0, bytes.byteLength, parts);
  return parts;
}

/**
 * {@link locateSketchParts} of the encoded parts in bytes `from`..`to` of `view`, appended to
 * `out`: the board's read locates each slice value's parts where a pack delivered them, one view
 * per pack, instead of copying every value's bytes into a buffer of its own first.
 */
export function locateSketchPartsIn(
  view: DataView,
  from: number,
  to: number,
  out: { push: (part: LocatedPart) => unknown },
): void {
  if (from < 0 || to > view.byteLength) throw new RangeError('sketch parts outside their bytes');
  let at = from;
  while (at < to) {
    if (at + HEADER_BYTES > to) throw new Error('truncated sketch part header');
    const m = view.getInt32(at, false);
    const weighted = view.getInt32(at + 4, false) === 1;
    const n = view.getFloat64(at + 8, false);
    at += HEADER_BYTES;
    const end = at + m * 8 * (weighted ? 2 : 1);
    if (m < 0 || end > to) throw new Error('truncated sketch part');
    out.push({ n, m, weighted, view, at });
    at = end;
  }
}

/** A located part's values, and its weights (null when not weighted), from index `to` on. */
export function copyLocatedPart(
  part: LocatedPart,
  values: Float64Array,
  weights: Float64Array | null,
  to: number,
): void {
  const { view, at, m } = part;
  for (let i = 0; i < m; i += 1) values[to + i] = view.getFloat64(at + i * 8, false);
  if (weights !== null && part.weighted) {
    const base = at + m * 8;
    for (let i = 0; i < m; i += 1) weights[to + i] = view.getFloat64(base + i * 8, false);
  }
}

/** Every part of a concatenation of encoded parts, in order; throws on a truncated buffer. */
export function decodeSketchParts(bytes: Uint8Array): SketchPart[] {
  return locateSketchParts(bytes).map((part) => {
    const values = new Float64Array(part.m);
    const weights = part.weighted ? new Float64Array(part.m) : null;
    copyLocatedPart(part, values, weights, 0);
    return { n: part.n, values, weights };
  });
}
