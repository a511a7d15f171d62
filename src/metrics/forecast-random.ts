/** A source of uniform numbers in [0, 1). */
export type Uniform = () => number;

/**
 * mulberry32 seeded by an integer: forecasts are simulations, and a fixed seed makes the same
 * history give the same bands on every request (and in tests).
 */
export function seededUniform(seed: number): Uniform {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `values` drawn uniformly (a bootstrap draw); `values` must not be empty. */
export function drawFrom(random: Uniform, values: readonly number[]): number {
  return values[Math.floor(random() * values.length)] ?? 0;
}

/** A standard normal draw (Box-Muller). */
export function normalDraw(random: Uniform): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
