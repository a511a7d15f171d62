import { addRepeated, meanTIntervalOfCounts, type ValueCount } from './counted-stats.js';
import { wilsonInterval } from './stats.js';
import {
  assertCesInScale,
  compareScaleKeys,
  easierIsHigher,
  npsCategoryOf,
  scaleIdOf,
  scaleMidpoint,
  type CesAnswer,
  type CesSummary,
  type NpsSummary,
  type ScaleKey,
} from './surveys.js';

/** `count` identical CES answers, as the survey tallies store them (a whole count). */
export type CesAnswerCount = CesAnswer & { count: number };

/**
 * {@link computeCes} of the answers the tallies stand for, each tally `count` times, without
 * listing them: grouped per scale once per tally, then summed per (value, count). The result is
 * the same to the last bit — same scales in the same order, same doubles (the sums keep the
 * expanded order, see addRepeated), the same error for the first answer off its scale. Tallies
 * with a count of 0 or less stand for no answer and are skipped, as an expansion would.
 */
export function computeCesCounts(tallies: Iterable<CesAnswerCount>): CesSummary[] {
  const groups = new Map<string, CesGroup>();
  let last: CesGroup | undefined;
  for (const t of tallies) {
    if (t.kind !== 'ces' || !(t.count > 0)) continue;
    assertCesInScale(t);
    // Tallies come in runs of one scale: the previous group saves building the key. Scales equal
    // by === have the same key (+0 and −0 both print "0").
    let group = last !== undefined && isOnScale(t, last.key) ? last : groups.get(scaleIdOf(t));
    if (group === undefined) {
      const key: ScaleKey = {
        kind: 'ces',
        scaleMin: t.scaleMin,
        scaleMax: t.scaleMax,
        direction: t.direction,
      };
      group = { key, counts: [] };
      groups.set(scaleIdOf(t), group);
    }
    group.counts.push({ value: easierIsHigher(t), count: t.count });
    last = group;
  }
  return [...groups.values()]
    .sort((a, b) => compareScaleKeys(a.key, b.key))
    .map(({ key, counts }) => summarizeCesCounts(key, counts));
}

interface CesGroup {
  key: ScaleKey;
  counts: ValueCount[];
}

/** Whether an answer is on `key`'s scale (compared with ===, so never when a bound is NaN). */
export function isOnScale(t: CesAnswer, key: ScaleKey): boolean {
  return (
    t.scaleMin === key.scaleMin && t.scaleMax === key.scaleMax && t.direction === key.direction
  );
}

/** One scale's CES from its non-empty normalised counts; mirrors computeCes's summary. */
function summarizeCesCounts(key: ScaleKey, counts: readonly ValueCount[]): CesSummary {
  const midpoint = scaleMidpoint(key);
  let n = 0;
  let easy = 0;
  let sum = 0;
  for (const { value, count } of counts) {
    n += count;
    if (value > midpoint) easy += count;
    sum = addRepeated(sum, value, count);
  }
  return {
    ...key,
    n,
    mean: sum / n,
    pctEasy: (100 * easy) / n,
    meanCi: meanTIntervalOfCounts(counts),
    pctEasyCi: wilsonInterval(easy, n),
  };
}

/**
 * {@link computeNps} of the 0..10 answers the counts stand for, each value `count` times; throws
 * the same error for the first value off 0..10. Counts of 0 or less are skipped.
 */
export function computeNpsCounts(counts: Iterable<ValueCount>): NpsSummary {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const { value, count } of counts) {
    if (!(count > 0)) continue;
    const category = npsCategoryOf(value);
    if (category === 'promoter') promoters += count;
    else if (category === 'passive') passives += count;
    else detractors += count;
  }
  const n = promoters + passives + detractors;
  return {
    n,
    promoters,
    passives,
    detractors,
    score: n === 0 ? null : (100 * (promoters - detractors)) / n,
  };
}
