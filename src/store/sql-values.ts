import { createHash } from 'node:crypto';
import type { Instant } from '../domain/index.js';

/**
 * Turns an epoch-ms instant into a `timestamptz` parameter. ISO text reads the same in `pg` and
 * PGlite, unlike Date objects, which `pg` serialises in the process's local zone.
 */
export function toTimestamp(at: Instant): string {
  return new Date(at).toISOString();
}

/** Reads a `timestamptz` column back as epoch ms (both drivers return Date objects). */
export function fromTimestamp(value: Date): Instant {
  return value.getTime();
}

/** Like {@link fromTimestamp} for nullable columns. */
export function fromNullableTimestamp(value: Date | null): Instant | null {
  return value === null ? null : value.getTime();
}

/**
 * Serialises a value for a `jsonb` parameter. PostgreSQL's jsonb rejects the NUL character, which a
 * raw helpdesk payload may carry; it becomes U+FFFD so one odd record cannot fail a whole page.
 * Values JSON cannot represent (BigInt, cycles) are kept as their string form instead of throwing.
 */
export function toJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = stringify(value);
  } catch {
    text = JSON.stringify({ unserializable: String(value) });
  }
  return (text ?? 'null').replace(/\\u0000/g, '\\ufffd');
}

// JSON.stringify is declared to return string, but gives undefined for undefined and functions.
function stringify(value: unknown): string | undefined {
  return JSON.stringify(value);
}

/** SHA-256 of a string as hex, for content keys. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID; lookups of anything else answer "not found" instead of a SQL error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Drops earlier duplicates by key, keeping the last occurrence (the newest a page delivered). */
export function lastByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    byKey.delete(k);
    byKey.set(k, item);
  }
  return [...byKey.values()];
}

/** `SELECT` expression turning a JSON epoch-ms field of `d` into a timestamptz. */
export function jsonInstant(field: string): string {
  return `to_timestamp((d->>'${field}')::double precision / 1000)`;
}

/**
 * The domain's own lower-case words (statuses, author kinds) as SQL string literals, `'a', 'b'`,
 * written into a statement's text so it stays the same on every call. Anything else is a
 * programming error, refused here rather than quoted.
 */
export function sqlWords(values: Iterable<string>): string {
  const words = [...values];
  for (const v of words) if (!/^[a-z_]+$/.test(v)) throw new Error(`not a domain word: ${v}`);
  return words.map((v) => `'${v}'`).join(', ');
}
