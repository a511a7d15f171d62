import { createRandom } from './prng.js';

/**
 * A known effect planted in the data set so a cohort comparison can be checked against it: a
 * share of tickets, drawn independently of everything else, carry `tag` and live
 * `lifetimeFactor` times as long (0.8: every update, the solve included, comes 20 % sooner
 * after creation, so they resolve 20 % faster in calendar time).
 */
export interface PlantedEffect {
  tag: string;
  /** Fraction of tickets that carry the tag, in (0, 1). */
  share: number;
  /** Lifetime multiplier of tagged tickets, in (0, 1]. */
  lifetimeFactor: number;
}

/** Whether ticket `index` carries the planted effect (its own PRNG stream: other draws are unchanged). */
export function isPlanted(seed: number, effect: PlantedEffect | undefined, index: number): boolean {
  if (effect === undefined) return false;
  return createRandom(seed, 'planted', index)() < effect.share;
}
