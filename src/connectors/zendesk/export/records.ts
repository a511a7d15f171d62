import type { z } from 'zod';
import { ValidationError } from '../../../errors.js';
import { describeIssues } from '../../../zod-issues.js';
import type { RejectedRecord } from '../../export-source.js';

/**
 * Validates the records of one export file (`{ "<key>": [...] }`). A malformed envelope is fatal;
 * malformed records are returned as rejected, each naming its file, position and id.
 */
export function parseRecords<S extends z.ZodType>(
  file: string,
  json: unknown,
  key: string,
  schema: S,
): { records: z.infer<S>[]; rejected: RejectedRecord[] } {
  const list = envelope(file, json, key);
  const records: z.infer<S>[] = [];
  const rejected: RejectedRecord[] = [];
  list.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) records.push(parsed.data);
    else rejected.push({ file, index, id: idOf(raw), reason: firstIssues(parsed.error.issues) });
  });
  return { records, rejected };
}

function envelope(file: string, json: unknown, key: string): unknown[] {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const list = (json as Record<string, unknown>)[key];
    if (Array.isArray(list)) return list;
  }
  throw new ValidationError(
    `${file}: expected an object with a "${key}" array, as the Zendesk API returns it`,
  );
}

/** The record's own id, for messages (ids are never assumed valid here). */
export function idOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as Record<string, unknown>)['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

function firstIssues(issues: readonly z.core.$ZodIssue[]): string {
  return describeIssues(issues.slice(0, 3), '(record)').join('; ');
}
