import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';

/**
 * PostgreSQL text cannot hold U+0000: a NUL that reaches a query fails it ("invalid byte sequence"),
 * which a caller would see as a 500. Every text input is checked for it before it can get there.
 */
const NUL = '\u0000';

/** The message every NUL rejection uses; it names the rule, never the value. */
export const NUL_MESSAGE = 'must not contain a NUL character (U+0000)';

/** True when `text` holds a NUL character. */
export function hasNul(text: string): boolean {
  return text.includes(NUL);
}

/** Text that may reach the store: any string without NUL characters. */
export const SafeTextSchema = z.string().refine((text) => !hasNul(text), NUL_MESSAGE);

/**
 * The calendar dates a report, a backfill or a holiday may name. PostgreSQL and Temporal handle far
 * wider ranges, but the queries derive instants from these dates (previous periods, the day after
 * `to`, time-zone offsets), and at the calendar's ends (year 1, year 9999) those derivations leave
 * what the store's timestamp arithmetic and ISO formatting accept. No helpdesk holds tickets from
 * before 1900, and 2999 leaves room for any planning horizon.
 */
export const MIN_REPORT_DATE = '1900-01-01';
export const MAX_REPORT_DATE = '2999-12-31';

/** A calendar date that exists (2024-02-30 does not), as `YYYY-MM-DD`, inside the report bounds. */
export const ReportDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isRealDate, 'not a calendar date')
  .refine(
    (value) => value >= MIN_REPORT_DATE && value <= MAX_REPORT_DATE,
    `must be between ${MIN_REPORT_DATE} and ${MAX_REPORT_DATE}`,
  );

function isRealDate(value: string): boolean {
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The paths (`a.b.0`) of every string in `value` — object keys included — that holds a NUL, so a
 * request can be refused whole before any schema or handler sees it.
 */
export function pathsWithNul(value: unknown, path: readonly string[] = []): string[] {
  if (typeof value === 'string') return hasNul(value) ? [path.join('.')] : [];
  if (value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, hasNul(key) ? '(key)' : key];
    if (hasNul(key)) found.push(childPath.join('.'));
    found.push(...pathsWithNul(child, childPath));
  }
  return found;
}
