import { describe, expect, it } from 'vitest';
import { quantilesOfUnsorted } from '../../../src/metrics/quantile-select.js';
import { quantile } from '../../../src/metrics/stats.js';
import { createRandom } from '../../../src/simulator/prng.js';

describe('quantilesOfUnsorted', () => {
  it("equals stats.ts's quantile of the sorted sample, ties, sorted and reversed input included", () => {
    const random = createRandom('quantile-select', 1);
    for (let run = 0; run < 3000; run += 1) {
      const n = 1 + Math.floor(random() * (run % 10 === 0 ? 3000 : 40));
      const spread = [2, 10, 1e6][run % 3] ?? 2;
      const values = Float64Array.from({ length: n }, () => Math.floor(random() * spread) * 0.7);
      if (run % 7 === 1) values.sort();
      if (run % 7 === 2) values.sort().reverse();
      const sorted = values.slice().sort();
      const a = random();
      const b = random();
      const qs = [[0.5, 0.9], [0, 1], [Math.min(a, b), Math.max(a, b)], [a], [0, 0.5, 0.5, 1]][
        run % 5
      ] ?? [0.5];
      // Padding past n must be ignored.
      const work = new Float64Array(n + 3).fill(-1);
      work.set(values);
      expect(quantilesOfUnsorted(work, n, qs), `run ${String(run)}`).toEqual(
        qs.map((q) => quantile(sorted, q)),
      );
    }
  });
});
