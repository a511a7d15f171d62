import { z } from 'zod';

/**
 * Helpdesk ids are kept as strings: Zendesk ids already exceed 2^53 in places, and Freshdesk and
 * others may use non-numeric ids.
 */
export const IdSchema = z.string().min(1);
export type Id = z.infer<typeof IdSchema>;

/**
 * Display order of helpdesk ids: both helpdesks number tickets, so #9 lists before #10 as they
 * list them (shorter digit strings first, then by digits). Ids that are not numbers follow the
 * numbered ones, in code-unit order, so the order stays total on any mix.
 */
export function compareIdsForDisplay(a: Id, b: Id): number {
  const aNumber = /^\d+$/.test(a);
  const bNumber = /^\d+$/.test(b);
  if (aNumber !== bNumber) return aNumber ? -1 : 1;
  if (aNumber && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An instant in UTC as epoch milliseconds; every timestamp in the domain model uses it. */
export const InstantSchema = z.number().int();
export type Instant = z.infer<typeof InstantSchema>;

/** A calendar date without a time zone, `YYYY-MM-DD`. */
export const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export type LocalDate = z.infer<typeof LocalDateSchema>;

/** An IANA time-zone name that this runtime's Intl data knows (e.g. `America/New_York`). */
export const TimeZoneSchema = z.string().refine(isKnownTimeZone, 'unknown IANA time zone');

function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
