import type { Duration, TouchClass } from './types.js';

/** Touch class by public agent replies (metrics.md §6): zero-reply solves are split out as no_touch. */
export function classifyTouch(agentReplies: number): TouchClass {
  if (agentReplies === 0) return 'no_touch';
  if (agentReplies === 1) return 'one_touch';
  if (agentReplies === 2) return 'two_touch';
  return 'multi_touch';
}

/** A duration in seconds from ms on both clocks; business is null when no schedule applies. */
export function toDuration(calendarMs: number, businessMs: number, hasBusiness: boolean): Duration {
  return { calendar: calendarMs / 1000, business: hasBusiness ? businessMs / 1000 : null };
}
