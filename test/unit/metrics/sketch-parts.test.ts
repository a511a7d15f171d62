import { describe, expect, it } from 'vitest';
import {
  decodeSketchParts,
  encodeSketchPart,
  locateSketchPartsIn,
  type LocatedPart,
} from '../../../src/metrics/sketch-parts.js';
import { mulberry32 } from '../../support/seeded-random.js';

/** Random plain and weighted parts, some empty (an empty part encodes to no bytes). */
function partsOf(seed: number, count: number) {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const m = Math.floor(random() * 5);
    const values = Float64Array.from({ length: m }, () => random() * 1000).sort();
    const weighted = random() < 0.5;
    return {
      n: m + Math.floor(random() * 10),
      values,
      weights: weighted ? Float64Array.from({ length: m }, () => random()) : null,
    };
  });
}

describe('locateSketchPartsIn', () => {
  it.each([1, 2, 3, 4, 5])(
    "locates a pack's per-value runs of parts in place, as decoding each run's own bytes (seed %i)",
    (seed) => {
      // A pack: every value's parts concatenated, with each value's byte length beside them.
      const runs = Array.from({ length: 6 }, (_, i) =>
        Buffer.concat(partsOf(seed * 10 + i, 1 + (i % 3)).map(encodeSketchPart)),
      );
      const pack = Buffer.concat([Buffer.from([9, 9, 9]), ...runs]);
      const view = new DataView(pack.buffer, pack.byteOffset, pack.byteLength);
      let offset = 3;
      for (const run of runs) {
        const located: LocatedPart[] = [];
        locateSketchPartsIn(view, offset, offset + run.byteLength, located);
        const decoded = located.map((part) => {
          const values = new Float64Array(part.m);
          const weights = part.weighted ? new Float64Array(part.m) : null;
          for (let i = 0; i < part.m; i += 1) {
            values[i] = part.view.getFloat64(part.at + i * 8, false);
            if (weights !== null) weights[i] = part.view.getFloat64(part.at + (part.m + i) * 8);
          }
          return { n: part.n, values, weights };
        });
        expect(decoded).toEqual(decodeSketchParts(run));
        offset += run.byteLength;
      }
    },
  );

  it('throws on a part running past its range or a range outside the bytes', () => {
    const bytes = Buffer.concat([
      encodeSketchPart({ n: 2, values: [1, 2], weights: null }),
      encodeSketchPart({ n: 3, values: [4], weights: null }),
    ]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const none: LocatedPart[] = [];
    expect(() => {
      locateSketchPartsIn(view, 0, bytes.byteLength - 1, none);
    }).toThrow(/truncated sketch part/);
    expect(() => {
      locateSketchPartsIn(view, 0, 10, none);
    }).toThrow(/truncated sketch part header/);
    expect(() => {
      locateSketchPartsIn(view, 0, bytes.byteLength + 8, none);
    }).toThrow(RangeError);
    const all: LocatedPart[] = [];
    locateSketchPartsIn(view, 0, bytes.byteLength, all);
    expect(all.map((p) => [p.n, p.m])).toEqual([
      [2, 2],
      [3, 1],
    ]);
  });
});
