/**
 * Seeded pseudo-random numbers for test data, so a failure reproduces: mulberry32, the generator
 * of src/simulator/prng.ts, seeded here with the number itself (that module hashes its keys first).
 */

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Whole numbers in [0, bound) from a seed, taken from the high bits of {@link mulberry32}: their
 * remainders by small numbers are as even as the rest (an LCG's low digits cycle, its value
 * modulo 4 repeating every four draws).
 */
export function seededInts(seed: number, bound = 1000): () => number {
  const random = mulberry32(seed);
  return () => Math.floor(random() * bound);
}
