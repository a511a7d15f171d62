import { describe, expect, it } from 'vitest';
import { FlipList } from '../../../src/services/whatif/flips.js';
import type { WhatIfReport } from '../../../src/services/whatif/contracts.js';
import { createRandom } from '../../../src/simulator/prng.js';

type Flip = WhatIfReport['flips']['tickets'][number];
const METRICS = ['first_reply_time', 'next_reply_time', 'full_resolution_time'] as const;

/** Flips of random tickets (ids of 1 to 6 digits, some not numeric) in the store's text order. */
function flipsInReadOrder(seed: number): Flip[] {
  const random = createRandom(seed);
  const ids = new Set<string>();
  while (ids.size < 400) {
    const id = String(Math.floor(10 ** (1 + random() * 5) * random()));
    ids.add(random() < 0.05 ? `x${id}` : id);
  }
  return [...ids]
    .sort()
    .flatMap((ticketId) =>
      METRICS.filter(() => random() < 0.5).map((metric) => ({ ticketId, metric }) as Flip),
    );
}

/** The definition: every flip, in display order (numbers by value, then others), the first `limit`. */
function expected(flips: readonly Flip[], limit: number): Flip[] {
  const numeric = (id: string) => /^\d+$/.test(id);
  return [...flips]
    .sort((a, b) => {
      if (numeric(a.ticketId) !== numeric(b.ticketId)) return numeric(a.ticketId) ? -1 : 1;
      if (numeric(a.ticketId)) return Number(a.ticketId) - Number(b.ticketId);
      return a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0;
    })
    .slice(0, limit);
}

describe('the flips a what-if lists', () => {
  it.each([0, 1, 3, 17, 50, 2_000])(
    'are the first %i in display order, not in the order the store read them',
    (limit) => {
      for (const seed of [1, 2, 3]) {
        const flips = flipsInReadOrder(seed);
        const list = new FlipList(limit);
        for (const flip of flips) if (list.admits(flip.ticketId)) list.add(flip);
        expect(list.first()).toEqual(expected(flips, limit));
      }
    },
  );
});
